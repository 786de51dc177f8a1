"""Load one source: read its deliveries, normalise and validate its people and events, stage the results.

Everything after reading is DuckDB SQL over the source's rows (temporary ``src_*`` tables). The output
goes into the run's staging tables (``stg_*``); nothing is published here. Counts are checked: rows read
= rows accepted + rows quarantined + exact duplicates dropped, and people read = accepted + quarantined.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from wholefamily.ingest.config import LineNumberKey, SourceConfig
from wholefamily.ingest.deliveries import Delivery
from wholefamily.ingest.duplicates import DUPLICATES, drop_exact_duplicates, stage_duplicates
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.events import person_events_sql, record_events_sql
from wholefamily.ingest.fields import DELIVERY, PROBLEM_TYPE, ROW_ID, shown_sql
from wholefamily.ingest.people import persons_sql
from wholefamily.ingest.readers import RAW, READ_PROBLEM, ROW, SHEET, Wanted
from wholefamily.ingest.readers.related import read_delivery
from wholefamily.vocabulary import Vocabulary
from wholefamily.warehouse.sql import Binds, quote_ident
from wholefamily.warehouse.tables import PERSON_COLUMNS, SQL_TYPES, table

FILE = "__wf_file"
FILE_NO = "__wf_file_no"
#: The longest record key accepted (the casework site keeps record keys of up to 120 characters).
RECORD_KEY_MAX_LENGTH = 120
TEMP_TABLES = ("src_rows", "src_files", DUPLICATES, "src_persons", "src_rowinfo", "src_mentions", "src_pev")


@dataclass(frozen=True)
class LoadedFile:
    relative: str
    sha256: str
    delivery_date: Any
    rows: int


@dataclass
class Counts:
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_duplicates_dropped: int = 0
    mentions_read: int = 0
    mentions_accepted: int = 0
    mentions_quarantined: int = 0
    events: int = 0
    warnings: int = 0
    #: rows of deliveries refused whole (their source's sharing agreement had ended): never read into the warehouse
    rows_refused: int = 0

    def rows_balance(self) -> bool:
        return self.rows_read == self.rows_accepted + self.rows_quarantined + self.rows_duplicates_dropped

    def mentions_balance(self) -> bool:
        return self.mentions_read == self.mentions_accepted + self.mentions_quarantined

    def balance_rows(self) -> list[dict[str, Any]]:
        """Rows and people: read, accepted, quarantined, exact duplicates dropped, and whether they balance."""
        return [
            {
                "what": "Rows (records)",
                "read": self.rows_read,
                "accepted": self.rows_accepted,
                "quarantined": self.rows_quarantined,
                "duplicates_dropped": self.rows_duplicates_dropped,
                "check": "balances" if self.rows_balance() else "DOES NOT BALANCE",
            },
            {
                "what": "People mentioned",
                "read": self.mentions_read,
                "accepted": self.mentions_accepted,
                "quarantined": self.mentions_quarantined,
                "duplicates_dropped": None,
                "check": "balances" if self.mentions_balance() else "DOES NOT BALANCE",
            },
        ]

    def reconciliation(self) -> str:
        """The two equations every run must satisfy, with its figures, as a sentence."""
        return (
            f"rows: {self.rows_read} read = {self.rows_accepted} accepted + {self.rows_quarantined} quarantined "
            f"+ {self.rows_duplicates_dropped} exact duplicates dropped"
            f"{'' if self.rows_balance() else ' DOES NOT BALANCE'}; people: {self.mentions_read} read = "
            f"{self.mentions_accepted} accepted + {self.mentions_quarantined} quarantined"
            f"{'' if self.mentions_balance() else ' DOES NOT BALANCE'}"
            + (f"; {self.rows_refused} rows refused (not loaded)" if self.rows_refused else "")
        )

    def check(self, source: str) -> None:
        """The reconciliation every run must satisfy; a failure here is a bug, never a data problem."""
        if not (self.rows_balance() and self.mentions_balance()):
            raise AssertionError(f"{source}: does not reconcile: {self.reconciliation()}")


@dataclass
class SourceResult:
    config: SourceConfig
    counts: Counts
    files: list[LoadedFile] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # delivered columns, union over the files
    agreement_warnings: list[str] = field(default_factory=list)  # deliveries without an agreement in force

    def delivery_warnings(self) -> list[str]:
        """What a person should check about the deliveries themselves (not their rows)."""
        return [
            f"{f.relative}: no rows (an empty or header-only delivery): check the partner sent the whole extract"
            for f in self.files
            if f.rows == 0
        ]


def wanted_columns(config: SourceConfig) -> Wanted:
    """Every column the config reads from a record, and the keys it reads inside nested people arrays."""
    record = config.key_columns()
    nested: dict[str, list[str]] = {}
    for group in config.people:
        for _, spec in group.values():
            record += [spec.record_column] if spec.record_column is not None else []
            if group.from_ == "row":
                record += spec.columns()
            elif group.from_ == "nested" and group.path is not None:
                nested.setdefault(group.path, []).extend(spec.columns())
        if group.cell is not None:
            record.append(group.cell.column)
    for event in config.events:
        record += event.columns()
    return Wanted(list(dict.fromkeys(record)), {k: list(dict.fromkeys(v)) for k, v in nested.items()})


def load_source(
    con: duckdb.DuckDBPyConnection,
    config: SourceConfig,
    deliveries: list[Delivery],
    run_id: str,
    vocab: Vocabulary,
    on_file: Callable[[Delivery], None],
) -> SourceResult:
    wanted = wanted_columns(config)
    files, columns = _read_rows(con, config, deliveries, wanted, on_file)
    try:
        drop_exact_duplicates(con, "src_rows", FILE, columns)
        stage_duplicates(con, config.source, run_id)
        for i, event in enumerate(config.events):
            binds = Binds()
            _run(
                con,
                f"CREATE TEMP TABLE src_ev{i} AS {record_events_sql(event, vocab, 'src_rows', binds)}",
                binds,
            )
        binds = Binds()
        _run(con, f"CREATE TEMP TABLE src_persons AS {persons_sql(config, 'src_rows', binds)}", binds)
        _row_info(con, config, wanted)
        _stage_mentions(con, config, run_id)
        counts = Counts()
        counts.events, event_warnings = _stage_events(con, config, vocab, run_id)
        _stage_quarantine(con, config, run_id, columns)
        counts.warnings = _stage_warnings(con, config, run_id) + event_warnings
        counts.rows_read = sum(f.rows for f in files)
        _count(con, counts)
        counts.check(config.source)
        return SourceResult(config, counts, files, columns)
    except duckdb.Error as exc:
        raise IngestError(f"source {config.source!r}: {str(exc).splitlines()[0]}") from exc


def drop_source_tables(con: duckdb.DuckDBPyConnection, config: SourceConfig) -> None:
    parts = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'src_part%'"
    ).fetchall()
    names = [*TEMP_TABLES, *(f"src_ev{i}" for i in range(len(config.events))), *(str(p[0]) for p in parts)]
    for name in names:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _run(con: duckdb.DuckDBPyConnection, sql: str, binds: Binds | None = None) -> None:
    con.execute(sql, binds.values if binds else None)


def _read_rows(
    con: duckdb.DuckDBPyConnection,
    config: SourceConfig,
    deliveries: list[Delivery],
    wanted: Wanted,
    on_file: Callable[[Delivery], None],
) -> tuple[list[LoadedFile], list[str]]:
    """Read every delivery into ``src_rows``: delivered columns, meta columns, row id, file and date.

    Each delivery goes into the database (``src_part*``, under its memory limit) as soon as it is read, so
    Python holds one delivery at a time, not a year of them. Their columns are then combined as Arrow
    would combine the deliveries' tables (``promote_options="permissive"``): a column takes the type the
    deliveries' types widen to, and a delivery without it (or with it empty, Arrow's null type) gives NULL.
    """
    files: list[LoadedFile] = []
    columns: list[str] = []
    schemas: list[pa.Schema] = []
    con.execute("CREATE TEMP TABLE src_files (file_no INTEGER, file VARCHAR, delivery_date DATE)")
    offset = 0
    for number, delivery in enumerate(deliveries):
        rows = read_delivery(delivery.path, delivery.relative, config, wanted)
        n = rows.table.num_rows
        table = rows.table.append_column(ROW_ID, pa.array(np.arange(offset, offset + n, dtype=np.int64)))
        table = table.append_column(FILE_NO, pa.array(np.full(n, number, dtype=np.int32)))
        schemas.append(table.schema)
        columns.extend(c for c in rows.columns if c not in columns)
        kept = [quote_ident(f.name) for f in table.schema if not pa.types.is_null(f.type)]
        con.register("src_arrow", table)
        con.execute(f"CREATE TEMP TABLE src_part{number} AS SELECT {', '.join(kept)} FROM src_arrow")  # noqa: S608
        con.unregister("src_arrow")
        del rows, table
        files.append(LoadedFile(delivery.relative, _sha256(delivery), delivery.delivery_date, n))
        con.execute(
            "INSERT INTO src_files VALUES (?, ?, ?)", [number, delivery.relative, delivery.delivery_date]
        )
        offset += n
        on_file(delivery)
    _combine_parts(con, schemas)
    return files, columns


def _combine_parts(con: duckdb.DuckDBPyConnection, schemas: list[pa.Schema]) -> None:
    """``src_rows`` from the deliveries' ``src_part*`` tables (then dropped), each cast to the common types."""
    combined = pa.unify_schemas(schemas, promote_options="permissive")
    con.register("src_types", combined.empty_table())
    types = {str(r[0]): str(r[1]) for r in con.execute("DESCRIBE src_types").fetchall()}
    con.unregister("src_types")
    selects = []
    for number, schema in enumerate(schemas):
        present = {f.name for f in schema if not pa.types.is_null(f.type)}
        values = [
            f"CAST({'a.' + quote_ident(c) if c in present else 'NULL'} AS {types[c]}) AS {quote_ident(c)}"
            for c in combined.names
            if c != FILE_NO
        ]
        selects.append(
            f"SELECT {', '.join(values)}, f.file AS {FILE}, f.delivery_date AS {DELIVERY} "  # noqa: S608
            f"FROM src_part{number} a JOIN src_files f ON f.file_no = a.{FILE_NO}"
        )
    con.execute(f"CREATE TEMP TABLE src_rows AS {' UNION ALL '.join(selects)}")
    for number in range(len(schemas)):
        con.execute(f"DROP TABLE src_part{number}")


def _sha256(delivery: Delivery) -> str:
    digest = hashlib.sha256()
    with delivery.path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _problem(field_sql: str, reason_sql: str, raw_sql: str = "NULL") -> str:
    return (
        f"CAST({{'field': {field_sql}, 'reason': {reason_sql}, 'raw_value': {raw_sql}, 'quarantine': true}} "
        f"AS {PROBLEM_TYPE})"
    )


def _record_key_sql(config: SourceConfig, wanted: Wanted, binds: Binds) -> str:
    """The record key: the configured columns joined by '|', the line number (with the sheet, for a
    workbook), else a short hash of the record's values.

    Columns are qualified (``r.``, the rows table): a partner column may share a name with one of ours.
    """
    if isinstance(config.record_key, LineNumberKey):
        return f"concat_ws(':', r.{SHEET}, r.{ROW})"
    if config.record_key:
        parts = [f"wf_text(r.{quote_ident(c)})" for c in config.record_key]
        missing = " OR ".join(f"{p} IS NULL" for p in parts)
        return f"CASE WHEN {missing} THEN NULL ELSE concat_ws('|', {', '.join(parts)}) END"
    values = sorted({*wanted.record, *wanted.nested})
    parts = [f"coalesce(wf_text(r.{quote_ident(c)}), '')" for c in values]
    return f"substr(md5(concat_ws({binds(chr(31))}, {', '.join(parts)})), 1, 16)"


def _row_info(con: duckdb.DuckDBPyConnection, config: SourceConfig, wanted: Wanted) -> None:
    """Per row: its record key, the problems that quarantine the whole row, and row-level warnings."""
    binds = Binds()
    key = _record_key_sql(config, wanted, binds)
    events = [f"coalesce(e{i}.problems, [])" for i in range(len(config.events))]
    all_event = f"list_concat({', '.join(events)})" if len(events) > 1 else (events[0] if events else "[]")
    joins = " ".join(
        f"LEFT JOIN src_ev{i} e{i} ON e{i}.{ROW_ID} = r.{ROW_ID}" for i in range(len(config.events))
    )
    read_problem = _problem(binds("(row)"), f"r.{READ_PROBLEM}")
    missing = _problem(binds("record_key"), binds(f"record key missing ({', '.join(config.key_columns())})"))
    too_long = _problem(
        binds("record_key"),
        binds(f"record key longer than {RECORD_KEY_MAX_LENGTH} characters"),
        shown_sql("r.__wf_key"),
    )
    key_problem = (
        f"CASE WHEN r.__wf_key IS NULL THEN [{missing}] "
        f"WHEN length(r.__wf_key) > {RECORD_KEY_MAX_LENGTH} THEN [{too_long}] ELSE [] END"
    )
    nobody = _problem(binds("people"), binds("the record names nobody"))
    base = (
        f"SELECT r.{ROW_ID}, r.{FILE} AS file, r.{SHEET} AS sheet, r.{ROW} AS row_number, "  # noqa: S608
        f"r.{DELIVERY} AS delivery_date, r.__wf_key AS record_key, "
        f"CASE WHEN r.{READ_PROBLEM} IS NOT NULL THEN [{read_problem}] ELSE list_concat("
        f"{key_problem}, "
        f"CASE WHEN p.n IS NULL THEN [{nobody}] ELSE [] END, "
        f"list_filter(CAST({all_event} AS {PROBLEM_TYPE}[]), lambda x: x.quarantine)) END AS problems, "
        f"CASE WHEN r.{READ_PROBLEM} IS NOT NULL THEN [] ELSE "
        f"list_filter(CAST({all_event} AS {PROBLEM_TYPE}[]), lambda x: NOT x.quarantine) END AS warnings "
        f"FROM (SELECT {ROW_ID}, {FILE}, {SHEET}, {ROW}, {DELIVERY}, {READ_PROBLEM}, {key} AS __wf_key FROM src_rows r) r "
        f"LEFT JOIN (SELECT {ROW_ID}, count(*) AS n FROM src_persons WHERE present "
        f"GROUP BY ALL) p ON p.{ROW_ID} = r.{ROW_ID} {joins}"
    )
    repeated = _problem(
        binds("record_key"),
        binds("record key repeated in this delivery"),
        f"record_key || {binds(' (first at ')} || first_value(file) OVER w || {binds(' row ')} "
        "|| first_value(row_number) OVER w || ')'",
    )
    _run(
        con,
        f"CREATE TEMP TABLE src_rowinfo AS SELECT * EXCLUDE (problems), "  # noqa: S608
        f"CASE WHEN record_key IS NOT NULL AND row_number() OVER w > 1 "
        f"THEN list_append(problems, {repeated}) ELSE problems END AS problems FROM ({base}) "
        f"WINDOW w AS (PARTITION BY delivery_date, record_key ORDER BY {ROW_ID})",
        binds,
    )


def _stage_mentions(con: duckdb.DuckDBPyConnection, config: SourceConfig, run_id: str) -> None:
    binds = Binds()
    source = binds(config.source)
    person = ", ".join(f"p.{c}" for c in PERSON_COLUMNS)
    _run(
        con,
        f"CREATE TEMP TABLE src_mentions AS SELECT {source} || ':' || ri.record_key || ':' || p.people_group "  # noqa: S608
        f"|| ':' || p.person_index AS mention_key, {source} AS source, ri.record_key, p.people_group, "
        f"p.person_index, ri.delivery_date, ri.file, ri.sheet, ri.row_number, {binds(run_id)} AS run_id, "
        f"{person}, p.{ROW_ID} FROM src_persons p JOIN src_rowinfo ri ON ri.{ROW_ID} = p.{ROW_ID} "
        f"WHERE p.present AND len(ri.problems) = 0 AND len(list_filter(p.problems, lambda x: x.quarantine)) = 0",
        binds,
    )
    names = ", ".join(quote_ident(c) for c in table("mentions").columns)
    con.execute(f"INSERT INTO stg_mentions ({names}) SELECT {names} FROM src_mentions")  # noqa: S608


def _stage_events(
    con: duckdb.DuckDBPyConnection, config: SourceConfig, vocab: Vocabulary, run_id: str
) -> tuple[int, int]:
    """Insert the events of accepted mentions; returns (events, warnings on values taken from the person)."""
    value_types = {name: SQL_TYPES[t] for name, t in vocab.value_columns().items()}
    events = warnings = 0
    for i, event in enumerate(config.events):
        binds = Binds()
        sql = person_events_sql(i, event, vocab, "src_mentions", f"src_ev{i}", value_types, binds)
        con.execute("DROP TABLE IF EXISTS temp.src_pev")
        _run(con, f"CREATE TEMP TABLE src_pev AS {sql}", binds)
        con.execute("INSERT INTO stg_events BY NAME SELECT * EXCLUDE (problems) FROM src_pev")
        events += _scalar(con, "SELECT count(*) FROM src_pev")
        warnings += _insert_warnings(
            con,
            config.source,
            run_id,
            "SELECT m.file, m.sheet, m.row_number, m.delivery_date, m.mention_key, "
            "unnest(e.problems) AS x FROM src_pev e JOIN src_mentions m ON m.mention_key = e.mention_key",
        )
    return events, warnings


def _stage_quarantine(
    con: duckdb.DuckDBPyConnection, config: SourceConfig, run_id: str, columns: list[str]
) -> None:
    """One quarantine entry per problem: row problems (person_index NULL), then quarantined people."""
    binds = Binds()
    pairs = ", ".join(f"{binds(c)}, r.{quote_ident(c)}" for c in columns if c not in (RAW,))
    original = f"json_object({pairs})" if pairs else "'{}'"
    raw = f"coalesce(r.{RAW}, CAST({original} AS VARCHAR))"
    head = f"SELECT {binds(run_id)} AS run_id, {binds(config.source)} AS source, ri.file, ri.sheet, ri.row_number, "
    _run(
        con,
        f"INSERT INTO stg_quarantine BY NAME "  # noqa: S608
        f"{head} ri.delivery_date, NULL AS people_group, NULL AS person_index, x.field, x.reason, x.raw_value, "
        f"{raw} AS raw FROM (SELECT *, unnest(problems) AS x FROM src_rowinfo) ri "
        f"JOIN src_rows r ON r.{ROW_ID} = ri.{ROW_ID} "
        f"UNION ALL BY NAME "
        f"{head} ri.delivery_date, p.people_group, p.person_index, x.field, x.reason, x.raw_value, {raw} AS raw "
        f"FROM (SELECT {ROW_ID}, people_group, person_index, unnest(list_filter(problems, lambda q: q.quarantine)) "
        f"AS x FROM src_persons WHERE present) p JOIN src_rowinfo ri ON ri.{ROW_ID} = p.{ROW_ID} "
        f"JOIN src_rows r ON r.{ROW_ID} = p.{ROW_ID}",
        binds,
    )


def _stage_warnings(con: duckdb.DuckDBPyConnection, config: SourceConfig, run_id: str) -> int:
    """Blanked fields of accepted mentions, and blanked record-level event values of accepted rows."""
    people = _insert_warnings(
        con,
        config.source,
        run_id,
        f"SELECT m.file, m.sheet, m.row_number, m.delivery_date, m.mention_key, x FROM "  # noqa: S608
        f"(SELECT {ROW_ID}, people_group, person_index, unnest(list_filter(problems, lambda q: NOT q.quarantine)) "
        f"AS x FROM src_persons WHERE present) p JOIN src_mentions m ON m.{ROW_ID} = p.{ROW_ID} "
        f"AND m.people_group = p.people_group AND m.person_index = p.person_index",
    )
    rows = _insert_warnings(
        con,
        config.source,
        run_id,
        f"SELECT file, sheet, row_number, delivery_date, "  # noqa: S608
        f"NULL AS mention_key, unnest(warnings) AS x FROM src_rowinfo "
        f"WHERE {ROW_ID} IN (SELECT {ROW_ID} FROM src_mentions)",
    )
    return people + rows


def _insert_warnings(con: duckdb.DuckDBPyConnection, source: str, run_id: str, select: str) -> int:
    """Insert warnings from a SELECT giving file, sheet, row_number, delivery_date, mention_key and x."""
    before = _scalar(con, "SELECT count(*) FROM stg_field_warnings")
    con.execute(
        f"INSERT INTO stg_field_warnings BY NAME SELECT $run_id AS run_id, $source AS source, file, sheet, "  # noqa: S608
        f"row_number, delivery_date, mention_key, x.field, x.reason, x.raw_value FROM ({select}) "
        "WHERE x.reason IS NOT NULL",
        {"source": source, "run_id": run_id},
    )
    return _scalar(con, "SELECT count(*) FROM stg_field_warnings") - before


def _count(con: duckdb.DuckDBPyConnection, counts: Counts) -> None:
    """Each count computed on its own, so that the reconciliation check means something."""
    counts.rows_duplicates_dropped = _scalar(con, f"SELECT count(*) FROM {DUPLICATES}")  # noqa: S608
    counts.rows_accepted = _scalar(con, f"SELECT count(DISTINCT {ROW_ID}) FROM src_mentions")  # noqa: S608
    counts.rows_quarantined = _scalar(
        con,
        f"SELECT count(*) FROM src_rowinfo ri LEFT JOIN (SELECT {ROW_ID}, count(*) FILTER (present) AS n, "  # noqa: S608
        f"count(*) FILTER (present AND len(list_filter(problems, lambda q: q.quarantine)) > 0) AS bad "
        f"FROM src_persons GROUP BY ALL) p ON p.{ROW_ID} = ri.{ROW_ID} "
        f"WHERE len(ri.problems) > 0 OR p.n = p.bad",
    )
    counts.mentions_read = _scalar(con, "SELECT count(*) FROM src_persons WHERE present")
    counts.mentions_accepted = _scalar(con, "SELECT count(*) FROM src_mentions")
    counts.mentions_quarantined = _scalar(
        con,
        f"SELECT count(*) FROM src_persons p JOIN src_rowinfo ri ON ri.{ROW_ID} = p.{ROW_ID} WHERE p.present "  # noqa: S608
        f"AND (len(ri.problems) > 0 OR len(list_filter(p.problems, lambda q: q.quarantine)) > 0)",
    )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
