"""Set-based normalisers: DuckDB SQL macros for names, postcodes, identifiers and addresses, and date parsing.

Ingest normalises millions of rows, so every rule here is SQL that DuckDB runs over whole columns; there
is no per-row Python. ``register_macros`` defines these macros on a connection:

- ``wf_text(x)``: trimmed, whitespace runs (tabs, non-breaking and zero-width spaces) to one space.
- ``wf_name(x)``: a name part for matching (upper case, no accents or apostrophes, tidy hyphens, leading
  titles removed when a name follows).
- ``wf_split_name(x, name_order)``: STRUCT(title, first_name, middle_names, surname), each normalised as
  ``wf_name``; ``name_order`` is ``'surname_first'`` or ``'forename_first'`` (anything else raises).
  Pass it as a literal or a bound parameter: DuckDB then folds the choice away. A column works, but
  costs over ten times as much (no common-subexpression sharing inside CASE).
- ``wf_postcode(x)``, ``wf_nhs(x)``, ``wf_upn(x)``, ``wf_ni(x)``: the identifier in canonical form, or NULL.
- ``wf_address(x)``: upper case, punctuation removed, safe abbreviations expanded.
- ``wf_number(x)``: text as a number (DOUBLE), pound signs, thousands commas and spaces ignored; NULL when
  it is not one.

``date_expression`` builds the SQL that parses a text column with the date formats a source config lists.

NULL semantics, everywhere: a NULL, blank or invalid input gives NULL (``wf_split_name`` gives a STRUCT
whose fields are NULL). A caller that needs to tell "blank" from "invalid" compares the raw value (after
``wf_text``) with the result: raw present and result NULL means the value failed its check.

The identifier rules are the ones in :mod:`wholefamily.identifiers`, restated in SQL for ASCII input
(tests compare the two). The macros are TEMP: they live with the connection, never in the warehouse
file, so a newer release never meets stale definitions and read-only connections can register them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb

from wholefamily.identifiers import (
    NI_BANNED_PREFIXES,
    NI_FIRST_LETTERS,
    NI_SECOND_LETTERS,
    NI_SUFFIXES,
    UPN_CHECK_LETTERS,
)
from wholefamily.warehouse.sql import sql_literal

#: A normalised UK postcode as ``wf_postcode`` returns it: outward code, one space, inward code.
POSTCODE_PATTERN = (
    r"^(GIR 0AA|(?:[A-Z][0-9]{1,2}|[A-Z]{2}[0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z]{2}[0-9][A-Z])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
#: Titles removed from the start of a name (when another word follows) and returned by wf_split_name.
TITLES = (
    "MR",
    "MRS",
    "MS",
    "MX",
    "MISS",
    "MSTR",
    "MASTER",
    "DR",
    "REV",
    "SIR",
    "DAME",
    "LADY",
    "LORD",
    "PROF",
)
#: Lower-case words that begin a surname ("Ana de Souza", "Jan van der Berg", "Ruth St John").
SURNAME_PARTICLES = (
    "DA",
    "DAL",
    "DAS",
    "DE",
    "DEL",
    "DELA",
    "DELLA",
    "DEN",
    "DER",
    "DES",
    "DI",
    "DO",
    "DOS",
    "DU",
    "LA",
    "LE",
    "VAN",
    "VON",
    "TER",
    "TEN",
    "BIN",
    "BINTI",
    "AL",
    "EL",
    "ST",
)
#: Address words expanded wherever they stand as a word.
ADDRESS_WORDS = {
    "RD": "ROAD",
    "AVE": "AVENUE",
    "AV": "AVENUE",
    "CRES": "CRESCENT",
    "CL": "CLOSE",
    "LN": "LANE",
    "GDNS": "GARDENS",
    "CT": "COURT",
    "PL": "PLACE",
    "SQ": "SQUARE",
    "TCE": "TERRACE",
    "FLT": "FLAT",
    "APT": "FLAT",
    "APPT": "FLAT",
    "APARTMENT": "FLAT",
}
#: Words expanded only at the end of a street (before a comma or the end): elsewhere DR is Doctor, ST Saint.
ADDRESS_STREET_ENDS = (("DR", "DRIVE"), ("ST", "STREET"))

# strptime directives DuckDB accepts (checked against DuckDB 2.0), and those that carry a year.
_DIRECTIVES = frozenset("aAwdbBhmyYHIpMSfgnzZjUWcxXGVuT%") | {f"-{d}" for d in "dmyHIMSj"}
_YEAR_DIRECTIVES = frozenset({"Y", "y", "-y", "G", "c", "x"})
_DIRECTIVE = re.compile(r"%(-?.)?")

# Whitespace as Python's str.isspace() sees it (identifiers.py strips with \s), in RE2 syntax; text
# normalising also drops zero-width spaces and byte-order marks.
_PY_WS = r"\s\v\x{1C}-\x{1F}\x{85}\p{Z}"
_WS = _PY_WS + r"\x{200B}\x{FEFF}"
_APOSTROPHES = "'’‘`´ʼʻ"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Letters strip_accents leaves alone (no combining mark), folded after upper-casing.
_FOLD_FROM, _FOLD_TO = "ŁØĐÐĦŦıĿ", "LODDHTIL"
_FOLD_PAIRS = (("ẞ", "SS"), ("ß", "SS"), ("Æ", "AE"), ("Œ", "OE"), ("Þ", "TH"), ("Ĳ", "IJ"))
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


def _alternation(words: Sequence[str]) -> str:
    return "(?:" + "|".join(words) + ")"


def _regexp_replace(expr: str, pattern: str, replacement: str) -> str:
    return f"regexp_replace({expr}, {sql_literal(pattern)}, {sql_literal(replacement)}, 'g')"


def _regexp_groups(expr: str, pattern: str, names: Sequence[str]) -> str:
    """regexp_extract returning a STRUCT with one field per capture group, in one regex pass."""
    fields = ", ".join(sql_literal(n) for n in names)
    return f"regexp_extract({expr}, {sql_literal(pattern)}, [{fields}])"


def _weighted_digit_sum(expr: str, weights: Sequence[int], first: int) -> str:
    """Sum of digit * weight for the ASCII digits of expr from 1-based position ``first`` on."""
    terms = [f"(ascii(substr({expr}, {first + i}, 1)) - 48) * {w}" for i, w in enumerate(weights)]
    return "(" + " + ".join(terms) + ")"


def _fold_sql() -> str:
    """Upper case, accents stripped, special letters folded, apostrophes removed, dashes unified.

    ASCII text (most of it) takes a short path: translate() is slow, and only non-ASCII needs it.
    """
    ascii_path = "replace(replace(upper(x), '''', ''), '`', '')"
    full = (
        f"translate(upper(strip_accents(x)), {sql_literal(_FOLD_FROM + _DASHES + _APOSTROPHES)}, "
        f"{sql_literal(_FOLD_TO + '-' * len(_DASHES))})"
    )
    for old, new in _FOLD_PAIRS:
        full = f"replace({full}, {sql_literal(old)}, {sql_literal(new)})"
    return f"CASE WHEN strlen(x) = length(x) THEN {ascii_path} ELSE {full} END"


def _name_tidy_sql(keep_commas: bool) -> str:
    """On folded text: other than letters (and commas) to one space, ends trimmed, hyphens and commas
    tidied (no spaces around them, no runs), 'O NEIL' joined to 'ONEIL' as O'Neil reads once folded."""
    kept, ends = (",-", " ,-") if keep_commas else ("-", " -")
    expr = _regexp_replace("x", rf"[^\p{{L}}\p{{M}}{kept}]+", " ")
    expr = f"trim({expr}, {sql_literal(ends)})"
    tidy = r" ?(-)[ -]*|(^| )(O) (\p{L})"
    if keep_commas:
        return _regexp_replace(expr, rf"[ -]*(,)[ ,-]*|{tidy}", r"\1\2\3\4\5")
    return _regexp_replace(expr, tidy, r"\1\2\3\4")


_T = _alternation(TITLES)
_P = _alternation(SURNAME_PARTICLES)
_TITLES = f"(?:({_T}) )?(?:{_T} )*"  # leading titles; the first is captured
_TITLE_PREFIX = f"^(?:{_T} )+"
# "SURNAME, [title] First Middle..." or, with no comma, "[particles] SURNAME [title] First Middle..."
_SURNAME_FIRST = (
    f"^{_TITLES}(?:([^,]*),{_TITLES}([^ ,]*)[ ,]?(.*)|((?:{_P} )*[^ ]+)(?: {_TITLES}([^ ]*) ?(.*))?)$"
)
_SURNAME_FIRST_GROUPS = (
    "title",
    "surname",
    "title2",
    "first",
    "middle",
    "surname2",
    "title3",
    "first2",
    "middle2",
)
# "[title] First [Middle...] [particles] Surname"; one word alone is the surname
_FORENAME_FIRST = f"^{_TITLES}(?:([^ ]+) (?:(.+?) )??)?((?:{_P} )*[^ ]+)$"
_FORENAME_FIRST_GROUPS = ("title", "first", "middle", "surname")


def _macros() -> dict[str, tuple[str, str]]:
    """Macro name -> (parameters, body), in creation order (a macro must exist before one that calls it).

    Macros named ``wf__*`` are building blocks of the public ``wf_*`` ones.
    """
    ws = f"[{_WS}]"
    text = f"trim({_regexp_replace('x', f'{ws}+', ' ')})"
    titles = sql_literal(_TITLE_PREFIX)
    py_ws = f"[{_PY_WS}]"
    nhs_digits = _regexp_replace("x", f"[{_PY_WS}-]", "")
    nhs_sum = _weighted_digit_sum("wf__nhs_digits(x)", range(10, 1, -1), 1)
    upn_sum = _weighted_digit_sum("wf__upn_text(x)", range(2, 14), 2)
    ni_pattern = f"[{NI_FIRST_LETTERS}][{NI_SECOND_LETTERS}][0-9]{{6}}[{NI_SUFFIXES}]"
    banned = ", ".join(sql_literal(p) for p in sorted(NI_BANNED_PREFIXES))
    flats = _alternation(["FLAT", *(k for k, v in ADDRESS_WORDS.items() if v == "FLAT")])
    address = _regexp_replace("wf__fold(wf_text(x))", rf"\b{flats}\.?[ ]*(?:NO\.?[ ]*)?([0-9])", r"FLAT \1")
    for short, full in ADDRESS_STREET_ENDS:
        address = _regexp_replace(address, rf"\b{short}\.?[ ]*(,|$)", rf"{full}\1")
    address = "trim(" + _regexp_replace(address, r"[^\p{L}0-9]+", " ") + ")"
    # one CASE per word beats one regex pass per abbreviation (about 3x on a million addresses)
    words = " ".join(f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in ADDRESS_WORDS.items())
    address = f"array_to_string(list_transform(string_split({address}, ' '), lambda w: CASE w {words} ELSE w END), ' ')"
    return {
        "wf_text": ("x", f"nullif({text}, '')"),
        "wf__fold": ("x", _fold_sql()),
        "wf__tidy": ("x", _name_tidy_sql(keep_commas=False)),
        "wf__tidy_commas": ("x", _name_tidy_sql(keep_commas=True)),
        "wf_name": ("x", f"nullif(regexp_replace(wf__tidy(wf__fold(x)), {titles}, ''), '')"),
        "wf__person": (
            "title, first, middle, surname",
            "struct_pack(title := nullif(title, ''), first_name := nullif(first, ''), "
            "middle_names := nullif(middle, ''), surname := nullif(surname, ''))",
        ),
        "wf__surname_first": (
            "p",
            "wf__person(coalesce(nullif(p.title, ''), nullif(p.title2, ''), p.title3), "
            "p.first || p.first2, replace(p.middle || p.middle2, ',', ' '), p.surname || p.surname2)",
        ),
        "wf__forename_first": ("p", "wf__person(p.title, p.first, p.middle, p.surname)"),
        # The CASE folds away when name_order is a constant, leaving one regexp_extract per name.
        "wf_split_name": (
            "x, name_order",
            "CASE name_order "
            "WHEN 'surname_first' THEN wf__surname_first("
            f"{_regexp_groups('wf__tidy_commas(wf__fold(x))', _SURNAME_FIRST, _SURNAME_FIRST_GROUPS)}) "
            "WHEN 'forename_first' THEN wf__forename_first("
            f"{_regexp_groups('wf__tidy(wf__fold(x))', _FORENAME_FIRST, _FORENAME_FIRST_GROUPS)}) "
            "ELSE error('wf_split_name: name_order must be surname_first or forename_first, not '"
            " || coalesce(name_order, 'NULL')) END",
        ),
        "wf__postcode_chars": ("x", f"upper({_regexp_replace('x', '[^A-Za-z0-9]', '')})"),
        # outward + space + inward, with a letter O keyed in the inward digit's place read as zero
        "wf__postcode_spaced": (
            "s",
            "substr(s, 1, length(s) - 3) || ' ' "
            "|| CASE WHEN substr(s, length(s) - 2, 1) = 'O' THEN '0' ELSE substr(s, length(s) - 2, 1) END "
            "|| right(s, 2)",
        ),
        "wf_postcode": (
            "x",
            f"CASE WHEN regexp_full_match(wf__postcode_spaced(wf__postcode_chars(x)), "
            f"{sql_literal(POSTCODE_PATTERN)}) THEN wf__postcode_spaced(wf__postcode_chars(x)) END",
        ),
        "wf__nhs_digits": ("x", nhs_digits),
        "wf_nhs": (
            "x",
            "CASE WHEN regexp_full_match(wf__nhs_digits(x), '[0-9]{10}') "
            f"AND (11 - {nhs_sum} % 11) % 11 = ascii(substr(wf__nhs_digits(x), 10, 1)) - 48 "
            "THEN wf__nhs_digits(x) END",
        ),
        "wf__upn_text": ("x", f"upper({_regexp_replace('x', f'^{py_ws}+|{py_ws}+$', '')})"),
        "wf_upn": (
            "x",
            "CASE WHEN regexp_full_match(wf__upn_text(x), '[A-Z][0-9]{12}') "
            f"AND substr({sql_literal(UPN_CHECK_LETTERS)}, {upn_sum} % 23 + 1, 1) = left(wf__upn_text(x), 1) "
            "THEN wf__upn_text(x) END",
        ),
        "wf__ni_text": ("x", f"upper({_regexp_replace('x', py_ws, '')})"),
        "wf_ni": (
            "x",
            f"CASE WHEN regexp_full_match(wf__ni_text(x), {sql_literal(ni_pattern)}) "
            f"AND left(wf__ni_text(x), 2) NOT IN ({banned}) THEN wf__ni_text(x) END",
        ),
        "wf_address": ("x", f"nullif({address}, '')"),
        "wf__amount_text": ("x", _regexp_replace("x", r"[£,\s]", "")),
        "wf_number": ("x", "TRY_CAST(wf__amount_text(x) AS DOUBLE)"),
    }


def register_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define (or redefine) every ``wf_*`` macro on the connection, as TEMP macros."""
    for name, (params, body) in _macros().items():
        con.execute(f"CREATE OR REPLACE TEMP MACRO {name}({params}) AS {body}")


def check_date_format(fmt: str) -> None:
    """Raise ValueError unless fmt is 'iso', 'excel_serial' or a DuckDB strptime pattern with a year."""
    if fmt in ("iso", "excel_serial"):
        return
    if any(ord(c) < 32 for c in fmt):
        raise ValueError(f"date format {fmt!r} contains a control character")
    directives = [m.group(1) for m in _DIRECTIVE.finditer(fmt)]
    if not directives:
        raise ValueError(f"date format {fmt!r} is neither a strptime pattern nor excel_serial/iso")
    for directive in directives:
        if directive not in _DIRECTIVES:
            raise ValueError(f"date format {fmt!r}: %{directive or ''} is not a strptime directive")
    if not _YEAR_DIRECTIVES & set(directives):
        raise ValueError(f"date format {fmt!r} has no year (%Y or %y)")


def date_expression(column_sql: str, formats: Sequence[str]) -> str:
    """SQL for a DATE parsed from a text column, trying each format in order; NULL when none fits.

    ``column_sql`` is a trusted expression (use :func:`quote_ident` for a column name). Formats are
    strptime patterns (DuckDB's; ``%y`` reads 00-68 as 20xx and 69-99 as 19xx), ``iso`` (a date or
    timestamp in ISO 8601; the date as written, whatever the offset) or ``excel_serial`` (a whole
    number of days, "45123" or "45123.0", from 1 to 2958465, counted from 1899-12-30 as Excel does
    for every date after February 1900). Impossible dates (31/02/2020) give NULL.
    """
    if not formats:
        raise ValueError("date_expression needs at least one format")
    text = _regexp_replace(f"CAST({column_sql} AS VARCHAR)", f"^[{_WS}]+|[{_WS}]+$", "")
    parts = []
    for fmt in formats:
        check_date_format(fmt)
        if fmt == "iso":
            iso = (
                r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
                r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
            )
            parts.append(f"TRY_CAST(nullif(regexp_extract({text}, {sql_literal(iso)}, 1), '') AS DATE)")
        elif fmt == "excel_serial":
            digits = sql_literal(r"^([0-9]{1,7})(?:\.0+)?$")
            serial = f"TRY_CAST(regexp_extract({text}, {digits}, 1) AS INTEGER)"
            parts.append(
                f"CASE WHEN {serial} BETWEEN 1 AND {_EXCEL_MAX_SERIAL} THEN DATE '1899-12-30' + {serial} END"
            )
        else:
            parts.append(f"CAST(try_strptime({text}, {sql_literal(fmt)}) AS DATE)")
    return parts[0] if len(parts) == 1 else "coalesce(" + ", ".join(parts) + ")"
