"""The truth matches the extracts person mention by person mention, and holds the households and needs
the later steps are measured against."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import python_calamine

from wholefamily.identifiers import is_valid_nhs_number, is_valid_ni_number, is_valid_upn
from wholefamily.ingest.config import SourceConfig, load_source_configs


def _dig(obj: object, dotted: str) -> object:
    for key in [k for k in dotted.split(".") if k]:
        obj = obj[key]  # type: ignore[index]
    return obj


def _lookup(row: dict[str, object], column: str) -> object:
    """A row's value for a config column: a header name, or a dotted path into a JSON record."""
    if column in row:
        return row[column]
    value: object = row
    for key in column.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def mentions_in_file(
    config: SourceConfig, path: Path, root: Path
) -> Counter[tuple[str | None, int, str, int]]:
    """(sheet, row_number, group, person_index) of every person mention, read independently of ingest."""
    found: Counter[tuple[str | None, int, str, int]] = Counter()
    fmt = config.format
    tables: list[tuple[str | None, int, list[dict[str, object]]]] = []
    if fmt.type == "csv":
        lines = path.read_bytes().decode(fmt.encoding).splitlines()
        reader = csv.reader(io.StringIO("\n".join(lines[fmt.header_row - 1 :])), delimiter=fmt.delimiter)
        header, *rows = list(reader)
        tables.append((None, fmt.header_row + 1, [dict(zip(header, r, strict=True)) for r in rows]))
    elif fmt.type == "excel":
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for sheet in fmt.sheets:
            data = book.get_sheet_by_name(sheet).to_python()
            header = [str(h) for h in data[fmt.header_row - 1]]
            tables.append(
                (
                    sheet,
                    fmt.header_row + 1,
                    [dict(zip(header, r, strict=False)) for r in data[fmt.header_row :]],
                )
            )
    else:
        records = _dig(json.loads(path.read_text(fmt.encoding)), fmt.records_path)
        tables.append((None, 1, records))  # type: ignore[arg-type]
    for sheet, first, rows in tables:
        for n, row in enumerate(rows):
            for group in config.people:
                if group.from_ == "row":  # a person is there when any of their columns has a value
                    columns = [spec.column for spec in group.fields.values() if spec.column is not None]
                    if any(str(_lookup(row, c) or "").strip() for c in columns):
                        found[(sheet, first + n, group.name, 0)] += 1
                elif group.from_ == "nested":
                    for k in range(len(row[group.path])):  # type: ignore[arg-type,index]
                        found[(sheet, first + n, group.name, k)] += 1
                else:
                    assert group.cell is not None
                    parts = [
                        p for p in str(row[group.cell.column] or "").split(group.cell.separator) if p.strip()
                    ]
                    for k, part in enumerate(parts):
                        assert re.match(group.cell.pattern, part), part
                        found[(sheet, first + n, group.name, k)] += 1
    return found


def test_truth_mentions_are_exactly_the_mentions_in_the_files(authority: Path) -> None:
    truth = pq.read_table(authority / "truth" / "mentions.parquet").to_pylist()
    by_file: dict[str, Counter[tuple[str | None, int, str, int]]] = {}
    for m in truth:
        by_file.setdefault(m["file"], Counter())[
            (m["sheet"], m["row_number"], m["people_group"], m["person_index"])
        ] += 1
    checked = 0
    for config in load_source_configs(authority / "sources"):
        for path in sorted(authority.glob(config.files)):
            relative = path.relative_to(authority).as_posix()
            assert mentions_in_file(config, path, authority) == by_file.get(relative, Counter()), relative
            checked += 1
    assert checked == 28
    people = {p["person_id"] for p in pq.read_table(authority / "truth" / "people.parquet").to_pylist()}
    assert {m["person_id"] for m in truth} <= people


@pytest.fixture(scope="module")
def con(authority: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    for name in ("people", "memberships", "addresses", "needs", "mentions", "pregnancies", "errors"):
        c.execute(f"create view {name} as select * from read_parquet('{authority}/truth/{name}.parquet')")
    return c


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_complex_households_exist(con: duckdb.DuckDBPyConnection) -> None:
    assert count(con, "select count(distinct family_id) from memberships where family_kind = 'blended'") > 10
    assert count(con, "select count(*) from memberships where relation = 'half_sibling'") > 3
    assert count(con, "select count(*) from memberships where relation = 'step_child'") > 3
    assert count(con, "select count(distinct family_id) from memberships where role = 'grandparent'") > 10
    # a father who moved out stays a member of his children's family, at another address, and is known
    # to agencies together with his children
    assert (
        count(
            con,
            """select count(*) from memberships n join memberships c
                         on n.family_id = c.family_id and c.role = 'child'
                         where n.role = 'non_resident_parent' and n.address_id <> c.address_id""",
        )
        > 10
    )
    assert (
        count(
            con,
            """select count(*) from mentions m join memberships n on m.person_id = n.person_id
                         where n.role = 'non_resident_parent' and m.source = 'childrens_social_care'
                           and m.people_group = 'household'""",
        )
        > 0
    )
    assert (
        count(
            con,
            """select count(*) from (select person_id from memberships
                         where role = 'parent' group by 1 having count(distinct address_id) > 1)""",
        )
        > 50
    )
    assert count(con, "select count(*) from pregnancies where child_id is not null") > 30
    assert count(con, "select count(*) from pregnancies where child_id is null") > 3  # expectant at today
    assert (
        count(
            con,
            """select count(*) from memberships a join memberships b on a.person_id = b.person_id
                         and a.family_id = b.family_id where a.role = 'child' and b.role = 'parent'""",
        )
        > 0
    )
    assert (
        count(
            con,
            """select count(*) from (select address_id from memberships where end_date is null
                         group by 1 having count(distinct family_id) > 1)""",
        )
        > 10
    )  # not one family
    assert count(con, "select count(*) from people where surname_changed is not null") > 50
    assert count(con, "select count(*) from people where surname like '%-%'") > 10


def test_identifiers_are_valid_at_the_intended_rates(con: duckdb.DuckDBPyConnection, authority: Path) -> None:
    people = pq.read_table(authority / "truth" / "people.parquet").to_pylist()
    nhs = [p["nhs_number"] for p in people if p["nhs_number"]]
    assert len(nhs) > 0.97 * len(people) and all(is_valid_nhs_number(n) for n in nhs)
    assert len(set(nhs)) == len(nhs)
    assert all(is_valid_upn(p["upn"]) for p in people if p["upn"])
    assert all(is_valid_ni_number(p["ni_number"]) for p in people if p["ni_number"])
    written = [
        row[0]
        for row in con.execute(
            """select replace(nhs, ' ', '') from (select "NHS Number" as nhs from read_csv(?, all_varchar = true)) """
            "where nhs is not null",
            [str(authority / "extracts/2026-10-31/mental_health_referrals.csv")],
        ).fetchall()
    ]
    bad = sum(not is_valid_nhs_number(n) for n in written)
    assert 0 < bad < 0.02 * len(written) or len(written) < 300


def test_all_ten_headlines_have_needs_and_a_few_families_have_three(con: duckdb.DuckDBPyConnection) -> None:
    headlines = {r[0] for r in con.execute("select distinct headline from needs").fetchall()}
    assert headlines == {
        "education",
        "early_years",
        "health",
        "substance_use",
        "family_relationships",
        "child_safety",
        "crime",
        "domestic_abuse",
        "housing",
        "financial_stability",
    }
    assert count(con, "select count(*) from needs where definition is null or definition = ''") == 0
    share = con.execute("""
        with fc as (select distinct family_id from memberships where role = 'child'),
        n as (select family_id, count(distinct headline) as k from needs group by 1)
        select avg(case when coalesce(k, 0) >= 3 then 1.0 else 0 end) from fc left join n using (family_id)
    """).fetchone()
    assert share is not None and 0.01 < float(share[0]) < 0.08
    assert (
        count(con, "select count(*) from needs where end_date is not null and end_date < date '2025-01-01'")
        > 0
    )


def test_later_deliveries_keep_keys_and_add_records(authority: Path) -> None:
    first = json.loads((authority / "extracts/2026-09-30/police_incidents.json").read_text("utf-8"))[
        "incidents"
    ]
    last = json.loads((authority / "extracts/2026-10-31/police_incidents.json").read_text("utf-8"))[
        "incidents"
    ]
    refs_first = {i["incident_ref"] for i in first}
    assert refs_first < {i["incident_ref"] for i in last}
    people_of = {i["incident_ref"]: [p["role"] for p in i["persons"]] for i in last}
    assert all(people_of[i["incident_ref"]] == [p["role"] for p in i["persons"]] for i in first)
