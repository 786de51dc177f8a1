"""The wf_* normaliser macros and date_expression, on a real DuckDB connection (one per module)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wholefamily.identifiers import (
    NI_FIRST_LETTERS,
    NI_SECOND_LETTERS,
    is_valid_nhs_number,
    is_valid_ni_number,
    is_valid_upn,
    nhs_check_digit,
    upn_check_letter,
)
from wholefamily.ingest.normalise import (
    POSTCODE_PATTERN,
    TITLES,
    check_date_format,
    date_expression,
    register_macros,
)
from wholefamily.warehouse.sql import quote_ident, sql_literal


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    register_macros(connection)
    yield connection
    connection.close()


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return row[0]


def each(con: duckdb.DuckDBPyConnection, macro: str, values: Sequence[str | None]) -> list[Any]:
    """Apply a macro to many values in one query, keeping their order."""
    return list(one(con, f"SELECT list_transform($1::VARCHAR[], lambda v: {macro}(v))", list(values)))


HYPOTHESIS = settings(max_examples=25, deadline=None)


# ---------------------------------------------------------------------------------------------- wf_text
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jane   Smith  ", "Jane Smith"),
        ("Jane\tSmith\n", "Jane Smith"),
        ("Jane\u00a0\u00a0Smith", "Jane Smith"),
        ("\u200bJane\u2003Smith\ufeff", "Jane Smith"),
        ("Zoë", "Zoë"),
        ("   ", None),
        ("", None),
        ("\u00a0\t", None),
        (None, None),
    ],
)
def test_wf_text(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_text(?)", raw) == expected


# ---------------------------------------------------------------------------------------------- wf_name
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoë", "ZOE"),
        ("Siân", "SIAN"),
        ("Renée", "RENEE"),
        ("Łukasz", "LUKASZ"),
        ("Øyvind Strauß", "OYVIND STRAUSS"),
        ("O'Neil", "ONEIL"),
        ("O’Neil", "ONEIL"),
        ("O Neil", "ONEIL"),
        ("d'Arcy", "DARCY"),
        ("Smith - Jones", "SMITH-JONES"),
        ("Smith–Jones", "SMITH-JONES"),
        ("Smith--Jones-", "SMITH-JONES"),
        ("Mr John Smith", "JOHN SMITH"),
        ("MRS. jane smith", "JANE SMITH"),
        ("Dr Prof Ann Lee", "ANN LEE"),
        ("Miss   Ann\u00a0Lee", "ANN LEE"),
        ("Mstr Tom", "TOM"),
        ("Mister Tom", "MISTER TOM"),  # a title only when it is the whole word
        ("Mrsmith", "MRSMITH"),
        ("Lord", "LORD"),  # a title word alone is kept: it may be the surname
        ("Smith, John.", "SMITH JOHN"),
        ("J. R. R.", "J R R"),
        ("Anne-Marie (Annie)", "ANNE-MARIE ANNIE"),
        ("   ", None),
        ("--", None),
        ("Mr.", "MR"),
        (None, None),
    ],
)
def test_wf_name(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_name(?)", raw) == expected


NAME_ALPHABET = "abzAZ éëâñçŁłØøßÆœĳŉſ'’`-–—., \t\u00a0()0O"
NAME_WORDS = ["Mr", "mrs", "Dr.", "O", "o'", "de", "van", "Zoë", "-", ",", "Smith", "Anne-Marie", "  "]


@st.composite
def messy_names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(NAME_WORDS) | st.text(NAME_ALPHABET, max_size=6), max_size=6))
    return " ".join(words)


@HYPOTHESIS
@given(
    st.lists(
        messy_names() | st.text(st.characters(max_codepoint=0x24F, exclude_categories=["Cs"])),
        min_size=1,
        max_size=60,
    )
)
def test_wf_name_is_idempotent_and_tidy(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    once = each(con, "wf_name", names)
    twice = each(con, "wf_name", once)
    assert twice == once
    for name in once:
        if name is not None:
            assert name == name.strip(" -") and "  " not in name and " -" not in name and "- " not in name


# ---------------------------------------------------------------------------------------- wf_split_name
# wf_split_name binds slowly (about 0.1 s a query: the macro is large), so the cases run as one query each.
def split_all(
    con: duckdb.DuckDBPyConnection, raws: Sequence[str | None], order: str
) -> list[tuple[Any, ...]]:
    parts = one(
        con,
        f"SELECT list_transform($1::VARCHAR[], lambda v: wf_split_name(v, {sql_literal(order)}))",
        list(raws),
    )
    return [(p["title"], p["first_name"], p["middle_names"], p["surname"]) for p in parts]


SURNAME_FIRST_CASES = {
    "SMITH, Jane": (None, "JANE", None, "SMITH"),
    "SMITH, Mrs Jane Ann": ("MRS", "JANE", "ANN", "SMITH"),
    "Mrs SMITH, Jane": ("MRS", "JANE", None, "SMITH"),
    "SMITH-JONES,Zoë Siân": (None, "ZOE", "SIAN", "SMITH-JONES"),
    "O'NEIL , Seán": (None, "SEAN", None, "ONEIL"),
    "DE SOUZA, Ana Maria": (None, "ANA", "MARIA", "DE SOUZA"),
    "SMITH, Jane, Ann": (None, "JANE", "ANN", "SMITH"),
    "SMITH Jane Ann": (None, "JANE", "ANN", "SMITH"),  # no comma: the first word is the surname
    "DE SOUZA Ana": (None, "ANA", None, "DE SOUZA"),  # particles stay with the surname
    "van der BERG Jan": (None, "JAN", None, "VAN DER BERG"),
    "SMITH Miss Jane": ("MISS", "JANE", None, "SMITH"),
    "SMITH": (None, None, None, "SMITH"),
    "SMITH,": (None, None, None, "SMITH"),
    "   ": (None, None, None, None),
}
FORENAME_FIRST_CASES = {
    "Jane Smith": (None, "JANE", None, "SMITH"),
    "Mr John Paul Smith": ("MR", "JOHN", "PAUL", "SMITH"),
    "Dr. Renée Éloïse Dubois": ("DR", "RENEE", "ELOISE", "DUBOIS"),
    "Ana de Souza": (None, "ANA", None, "DE SOUZA"),
    "Ana Maria de Souza": (None, "ANA", "MARIA", "DE SOUZA"),
    "Jan van der Berg": (None, "JAN", None, "VAN DER BERG"),
    "Ludwig von Trapp": (None, "LUDWIG", None, "VON TRAPP"),
    "Sean O'Neil": (None, "SEAN", None, "ONEIL"),
    "Mary O Brien": (None, "MARY", None, "OBRIEN"),
    "Jane Smith - Jones": (None, "JANE", None, "SMITH-JONES"),
    "Łukasz Wałęsa": (None, "LUKASZ", None, "WALESA"),
    "Ruth St John": (None, "RUTH", None, "ST JOHN"),
    "La Toya Jackson": (None, "LA", "TOYA", "JACKSON"),  # a particle first is a forename
    "Madonna": (None, None, None, "MADONNA"),  # one word: the surname
    "Mrs Smith": ("MRS", None, None, "SMITH"),
    "": (None, None, None, None),
}


@pytest.mark.parametrize(
    ("order", "cases"), [("surname_first", SURNAME_FIRST_CASES), ("forename_first", FORENAME_FIRST_CASES)]
)
def test_split_name(con: duckdb.DuckDBPyConnection, order: str, cases: dict[str, tuple[Any, ...]]) -> None:
    got = dict(zip(cases, split_all(con, list(cases), order), strict=True))
    assert got == cases
    assert split_all(con, [None], order) == [(None, None, None, None)]


def test_split_name_order_from_a_column_and_bad_order(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT wf_split_name(n, o).surname FROM (VALUES ('SMITH, Jane', 'surname_first', 1), "
        "('Jane Smith', 'forename_first', 2)) t(n, o, i) ORDER BY i"
    ).fetchall()
    assert rows == [("SMITH",), ("SMITH",)]
    with pytest.raises(duckdb.InvalidInputException, match="name_order"):
        con.execute("SELECT wf_split_name('Jane Smith', 'first_last')").fetchall()


def _letters(text: str) -> Counter[str]:
    """Letters of a name's words, leaving out title words (which either side may take as a name)."""
    return Counter("".join(w for w in re.split("[ -]", text) if w not in TITLES))


@settings(max_examples=8, deadline=None)
@given(
    st.lists(messy_names(), min_size=1, max_size=150), st.sampled_from(["surname_first", "forename_first"])
)
def test_split_parts_are_normalised_names(
    con: duckdb.DuckDBPyConnection, names: list[str], order: str
) -> None:
    """Every part is tidy name text, made of letters wf_name keeps; a name gives parts, a blank none."""
    rows = con.execute(
        f"SELECT wf_name(n), s.title, s.first_name, s.middle_names, s.surname FROM "
        f"(SELECT n, wf_split_name(n, {sql_literal(order)}) AS s FROM unnest(?::VARCHAR[]) t(n))",
        [names],
    ).fetchall()
    for name, title, *parts in rows:
        words = [p for p in parts if p is not None]
        for part in words:
            assert part == part.strip(" -") and "  " not in part and "," not in part
        assert _letters(" ".join(words)) <= _letters(name or "")
        assert (name is None) == (title is None and not words)


# ------------------------------------------------------------------------------------------ wf_postcode
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("AB12DE", "AB1 2DE"),  # A99? no: AA9 + 2DE
        ("ab12 3de", "AB12 3DE"),
        ("m11ae", "M1 1AE"),  # A9
        ("B338TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("W1A 0AX", "W1A 0AX"),  # A9A
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A
        ("W1A OAX", "W1A 0AX"),  # letter O keyed for the inward zero
        ("ec1a-1bb", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
        ("AB1 2CD", None),  # C is never an inward letter
        ("AB1 2AI", None),
        ("AB1 2MV", None),
        ("1AB 2DE", None),
        ("ABC1 2DE", None),
        ("A1", None),
        ("SW1A 1AA X", None),
        ("N/A", None),
        ("", None),
        (None, None),
    ],
)
def test_wf_postcode(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_postcode(?)", raw) == expected


LETTER = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdo")
DIGIT = st.sampled_from("0123456789Oo")
POSTCODE_SHAPES = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A", "AAA9", "9A"]


@st.composite
def postcode_like(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(POSTCODE_SHAPES))
    outward = "".join(draw(LETTER if c == "A" else DIGIT) for c in shape)
    inward = draw(DIGIT) + draw(LETTER) + draw(LETTER)
    return outward + draw(st.sampled_from(["", " ", "  ", "-"])) + inward


@HYPOTHESIS
@given(st.lists(postcode_like() | st.text("AB12 o-", max_size=9), min_size=1, max_size=100))
def test_wf_postcode_idempotent_and_well_formed(con: duckdb.DuckDBPyConnection, raws: list[str]) -> None:
    once = each(con, "wf_postcode", raws)
    assert each(con, "wf_postcode", once) == once
    for postcode in once:
        assert postcode is None or re.match(POSTCODE_PATTERN, postcode)


# ------------------------------------------------------------------------------------ NHS, UPN, NI checks
def _valid_nhs(first_nine: str) -> str | None:
    check = nhs_check_digit(first_nine)
    return None if check is None else first_nine + str(check)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        (" 943\t476\u00a05919 ", "9434765919"),
        ("9434765918", None),  # wrong check digit
        ("943476591", None),
        ("94347659190", None),
        ("943476591X", None),
        ("", None),
        (None, None),
    ],
)
def test_wf_nhs(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_nhs(?)", raw) == expected


def test_wf_nhs_rejects_nine_digits_whose_check_would_be_ten(con: duckdb.DuckDBPyConnection) -> None:
    first_nine = next(f"{n:09d}" for n in range(10**8, 10**9) if nhs_check_digit(f"{n:09d}") is None)
    assert each(con, "wf_nhs", [first_nine + str(d) for d in range(10)]) == [None] * 10


TEN_DIGITS = st.text("0123456789", min_size=10, max_size=10)
NINE_DIGITS = st.text("0123456789", min_size=9, max_size=9)


@HYPOTHESIS
@given(
    st.lists(TEN_DIGITS | st.text("0123456789 -", max_size=14), min_size=1, max_size=200),
    st.lists(NINE_DIGITS, min_size=1, max_size=100),
)
def test_wf_nhs_agrees_with_python(
    con: duckdb.DuckDBPyConnection, randoms: list[str], nines: list[str]
) -> None:
    built = [n for n in map(_valid_nhs, nines) if n is not None]
    spaced = [f"{n[:3]} {n[3:6]} {n[6:]}" for n in built]
    values = randoms + built + spaced
    results = each(con, "wf_nhs", values)
    assert [r is not None for r in results] == [is_valid_nhs_number(v) for v in values]
    assert results[len(randoms) :] == built + built


def test_wf_upn(con: duckdb.DuckDBPyConnection) -> None:
    digits = "801200013001"
    upn = upn_check_letter(digits) + digits
    wrong = next(c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != upn[0]) + digits
    values = [upn, f"  {upn.lower()} ", wrong, upn[:-1], upn + "1", "I" + digits, "", None]
    assert each(con, "wf_upn", values) == [upn, upn, None, None, None, None, None, None]


@HYPOTHESIS
@given(
    st.lists(st.text("0123456789", min_size=12, max_size=12), min_size=1, max_size=100),
    st.lists(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZa "), min_size=1, max_size=100),
)
def test_wf_upn_agrees_with_python(
    con: duckdb.DuckDBPyConnection, twelves: list[str], letters: list[str]
) -> None:
    built = [upn_check_letter(t) + t for t in twelves]
    randoms = [letter + t for letter, t in zip(letters, twelves, strict=False)]
    values = built + randoms + [f" {b.lower()}\t" for b in built]
    results = each(con, "wf_upn", values)
    assert [r is not None for r in results] == [is_valid_upn(v) for v in values]
    assert results[: len(built)] == built


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AB123456C", "AB123456C"),
        ("ab 12 34 56 c", "AB123456C"),
        ("JG 10 37 59 A", "JG103759A"),
        ("AB123456E", None),  # suffix only A-D
        ("DA123456A", None),  # D never first
        ("AO123456A", None),  # O never second
        ("BG123456A", None),  # banned prefix
        ("ZZ123456A", None),
        ("AB12345C", None),
        ("", None),
        (None, None),
    ],
)
def test_wf_ni(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_ni(?)", raw) == expected


@st.composite
def ni_like(draw: st.DrawFn, valid_letters: bool) -> str:
    first, second = (NI_FIRST_LETTERS, NI_SECOND_LETTERS) if valid_letters else ("ABDFOQUZ",) * 2
    text = draw(st.sampled_from(first)) + draw(st.sampled_from(second))
    text += draw(st.text("0123456789", min_size=6, max_size=6)) + draw(st.sampled_from("ABCDEZ"))
    spaced = draw(st.booleans())
    text = " ".join([text[:2], text[2:4], text[4:6], text[6:8], text[8:]]) if spaced else text
    return text.lower() if draw(st.booleans()) else text


@HYPOTHESIS
@given(st.lists(ni_like(True) | ni_like(False) | st.text("AB12 c", max_size=11), min_size=1, max_size=150))
def test_wf_ni_agrees_with_python(con: duckdb.DuckDBPyConnection, values: list[str]) -> None:
    results = each(con, "wf_ni", values)
    assert [r is not None for r in results] == [is_valid_ni_number(v) for v in values]
    for value, result in zip(values, results, strict=True):
        if result is not None:
            assert result == value.replace(" ", "").upper()


# ------------------------------------------------------------------------------------------- wf_address
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Flat 3, 12 High St.", "FLAT 3 12 HIGH STREET"),
        ("FLAT 3 12 HIGH STREET", "FLAT 3 12 HIGH STREET"),
        ("flat3,12 high st", "FLAT 3 12 HIGH STREET"),
        ("Apt. 3, 12 High Street", "FLAT 3 12 HIGH STREET"),
        ("Flat No. 3, 12 High Street", "FLAT 3 12 HIGH STREET"),
        ("12 St John's Rd", "12 ST JOHNS ROAD"),
        ("4 Acacia Ave, Anytown", "4 ACACIA AVENUE ANYTOWN"),
        ("4 Acacia Av", "4 ACACIA AVENUE"),
        ("7 Rose Cres", "7 ROSE CRESCENT"),
        ("5 Elm Cl., Bath", "5 ELM CLOSE BATH"),
        ("1 Oak Dr, Anytown", "1 OAK DRIVE ANYTOWN"),
        ("Dr Foster's House, 5 Mill Ln", "DR FOSTERS HOUSE 5 MILL LANE"),  # DR leading: not a street
        ("9 Kew Gdns", "9 KEW GARDENS"),
        ("2 Beech Ct", "2 BEECH COURT"),
        ("Rue de la Paix, Zoë's  Flat", "RUE DE LA PAIX ZOES FLAT"),
        (" , ", None),
        (None, None),
    ],
)
def test_wf_address(con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None) -> None:
    assert one(con, "SELECT wf_address(?)", raw) == expected


# ---------------------------------------------------------------------------------------- dates
def parse(con: duckdb.DuckDBPyConnection, values: list[str | None], formats: Sequence[str]) -> list[Any]:
    expr = date_expression(quote_ident("raw value"), formats)
    rows = con.execute(
        f'SELECT {expr} FROM unnest(?::VARCHAR[]) WITH ORDINALITY t("raw value", i) ORDER BY i', [values]
    ).fetchall()
    return [r[0] for r in rows]


D = dt.date


@pytest.mark.parametrize(
    ("fmt", "raw", "expected"),
    [
        ("%d/%m/%Y", "04/03/2020", D(2020, 3, 4)),
        ("%d/%m/%Y", "4/3/2020", D(2020, 3, 4)),
        ("%d/%m/%Y", " 04/03/2020 ", D(2020, 3, 4)),
        ("%d/%m/%Y", "31/02/2020", None),  # impossible date
        ("%d/%m/%Y", "29/02/2020", D(2020, 2, 29)),
        ("%d/%m/%Y", "29/02/2021", None),
        ("%d/%m/%Y", "2020-03-04", None),
        ("%Y-%m-%d", "2020-03-04", D(2020, 3, 4)),
        ("%Y-%m-%d", "2020-13-01", None),
        ("%d-%b-%y", "04-Mar-20", D(2020, 3, 4)),
        ("%d-%b-%y", "04-mar-68", D(2068, 3, 4)),  # DuckDB %y: 00-68 -> 20xx
        ("%d-%b-%y", "04-MAR-69", D(1969, 3, 4)),  # 69-99 -> 19xx
        ("%Y%m%d", "20200304", D(2020, 3, 4)),
        ("%Y%m%d", "20200230", None),
        ("%d/%m/%Y %H:%M", "04/03/2020 13:45", D(2020, 3, 4)),
        ("%d/%m/%Y %H:%M", "04/03/2020 25:45", None),
        ("iso", "2020-03-04", D(2020, 3, 4)),
        ("iso", "2020-03-04T23:30:00", D(2020, 3, 4)),
        ("iso", "2020-03-04 23:30", D(2020, 3, 4)),
        ("iso", "2020-03-04T23:30:00.123+01:00", D(2020, 3, 4)),  # the date as written
        ("iso", "2020-03-04T23:30:00Z", D(2020, 3, 4)),
        ("iso", "2020-02-30", None),
        ("iso", "04/03/2020", None),
        ("iso", "2020-3-4", None),
        ("excel_serial", "45123", D(2023, 7, 16)),
        ("excel_serial", "45123.0", D(2023, 7, 16)),
        ("excel_serial", "45123.00", D(2023, 7, 16)),
        ("excel_serial", "61", D(1900, 3, 1)),
        ("excel_serial", "2958465", D(9999, 12, 31)),
        ("excel_serial", "2958466", None),
        ("excel_serial", "0", None),
        ("excel_serial", "-5", None),
        ("excel_serial", "45123.5", None),  # a time of day: not a whole day number
        ("excel_serial", "4.5e4", None),
        ("excel_serial", "2020-03-04", None),
    ],
)
def test_each_date_format(con: duckdb.DuckDBPyConnection, fmt: str, raw: str, expected: D | None) -> None:
    assert parse(con, [raw], [fmt]) == [expected]


def test_formats_are_tried_in_order(con: duckdb.DuckDBPyConnection) -> None:
    values = ["04/03/2020", "2020-03-04", "45123", "20200304", "31/02/2020", "", None, "soon"]
    assert parse(con, values, ["%d/%m/%Y", "iso", "%Y%m%d", "excel_serial"]) == [
        D(2020, 3, 4),
        D(2020, 3, 4),
        D(2023, 7, 16),
        D(2020, 3, 4),
        None,
        None,
        None,
        None,
    ]
    # the same text read month-first when the config says so
    assert parse(con, ["04/03/2020"], ["%m/%d/%Y", "%d/%m/%Y"]) == [D(2020, 4, 3)]


def test_date_expression_reads_non_text_columns(con: duckdb.DuckDBPyConnection) -> None:
    expr = date_expression("n", ["excel_serial", "iso"])
    assert one(con, f"SELECT {expr} FROM (SELECT 45123 AS n)") == D(2023, 7, 16)
    assert one(con, f"SELECT {expr} FROM (SELECT DATE '2021-05-06' AS n)") == D(2021, 5, 6)


def test_formats_are_quoted_never_spliced(con: duckdb.DuckDBPyConnection) -> None:
    assert parse(con, ["04'03'2020"], ["%d'%m'%Y"]) == [D(2020, 3, 4)]
    con.execute("CREATE TABLE IF NOT EXISTS canary AS SELECT 1 AS x")
    hostile = "%Y'); DROP TABLE canary; --"
    assert parse(con, ["2020"], [hostile]) == [None]
    assert one(con, "SELECT count(*) FROM canary") == 1


@pytest.mark.parametrize(
    "bad",
    ["", "dd/mm/yyyy", "%d/%m", "%d/%Q/%Y", "%Y%", "%d/%m/%Y\n", "excel", "ISO"],
)
def test_bad_date_formats_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="date format"):
        check_date_format(bad)
    with pytest.raises(ValueError, match="date format"):
        date_expression("x", [bad])


def test_good_date_formats_pass() -> None:
    for fmt in [
        "%d/%m/%Y",
        "%-d/%-m/%y",
        "%d %B %Y",
        "%Y-%m-%dT%H:%M:%S",
        "%d%%%m%%%Y",
        "iso",
        "excel_serial",
    ]:
        check_date_format(fmt)
    with pytest.raises(ValueError, match="at least one"):
        date_expression("x", [])


# ------------------------------------------------------------------------------------ SQL quoting helpers
def test_quote_ident_and_sql_literal(con: duckdb.DuckDBPyConnection) -> None:
    column = 'Child\'s "DOB" col'
    assert one(con, f"SELECT {quote_ident(column)} FROM (SELECT 7 AS {quote_ident(column)})") == 7
    for text in ["O'Neil", "''", "back\\slash", "semi;colon --", "Zoë"]:
        assert one(con, f"SELECT {sql_literal(text)}") == text
    with pytest.raises(ValueError):
        sql_literal("a\x00b")
    with pytest.raises(ValueError):
        quote_ident("a\x00b")


# ------------------------------------------------------------------------------------------ registration
def test_register_is_idempotent_and_works_read_only(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(path)).close()
    with duckdb.connect(str(path), read_only=True) as ro:
        register_macros(ro)
        register_macros(ro)
        assert one(ro, "SELECT wf_postcode('sw1a1aa')") == "SW1A 1AA"
    with duckdb.connect(str(path)) as rw, pytest.raises(duckdb.CatalogException):
        rw.execute("SELECT wf_postcode('sw1a1aa')")  # TEMP macros never reach the file
