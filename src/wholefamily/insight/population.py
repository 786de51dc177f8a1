"""The population of each small area, from the file the council supplies: ``reference/population.csv``.

Rates need a denominator the pipeline cannot know, so the council supplies it (usually the ONS mid-year
estimates or the census, aggregated to postcode sectors or districts). One row per area, age band and sex
(and ethnic group, when the optional ``ethnicity`` column is present). Columns:

* ``area``: a postcode sector (``WX1 3``) or district (``WX1``); a district is given either whole or by
  its sectors, never both (its sectors add up to it);
* ``age_band``: ``A-B`` (both ages included) or ``A+``; the file's bands, the same in every area, cover every
  age from 0 without a gap or overlap, and none spans 17 and 18 (children are counted as 0 to 17);
* ``sex``: ``female`` or ``male``;
* ``population``: people, a whole number of 0 or more;
* ``source``: where the figure comes from (such as ``ONS mid-2024 estimates``);
* ``year``: the year it describes (``2024``);
* ``ethnicity`` (optional): ``asian``, ``black``, ``mixed``, ``white`` or ``other`` (the census's high-level
  groups); every row has one when the column is there.

Every area has a row for every band and sex (and group). The file is checked whole; every problem is named
with the file, line and field, and nothing is computed from a file with problems.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from wholefamily.insight.errors import InsightError

COLUMNS = ("area", "age_band", "sex", "population", "source", "year")
ETHNICITY = "ethnicity"
SEXES = ("female", "male")
ETHNIC_GROUPS = ("asian", "black", "mixed", "white", "other")
MAX_PROBLEMS = 20  # listed; the rest counted
CHILD_AGE_LIMIT = 18  # children are 0 to 17
_DISTRICT = r"[A-Z]{1,2}[0-9][0-9A-Z]?"
DISTRICT = re.compile(rf"^{_DISTRICT}$")
SECTOR = re.compile(rf"^({_DISTRICT}) ([0-9])$")
_BAND = re.compile(r"^(\d{1,3})(?:-(\d{1,3})|(\+))$")


@dataclass(frozen=True, order=True)
class AgeBand:
    low: int
    high: int | None  # None: and over

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def holds(self, age: int) -> bool:
        return self.low <= age and (self.high is None or age <= self.high)

    @property
    def children(self) -> bool:
        return self.high is not None and self.high < CHILD_AGE_LIMIT


@dataclass(frozen=True)
class Row:
    area: str
    age_band: AgeBand
    sex: str
    ethnicity: str | None
    population: int


@dataclass(frozen=True)
class Population:
    path: Path
    rows: tuple[Row, ...]
    bands: tuple[AgeBand, ...]
    has_ethnicity: bool
    sources: tuple[str, ...]
    years: tuple[int, ...]

    def district_of(self, area: str) -> str:
        sector = SECTOR.match(area)
        return sector.group(1) if sector else area

    @cached_property
    def sectors(self) -> tuple[str, ...]:
        return tuple(sorted({r.area for r in self.rows if SECTOR.match(r.area)}))

    @cached_property
    def districts(self) -> tuple[str, ...]:
        return tuple(sorted({self.district_of(r.area) for r in self.rows}))

    def count(
        self,
        *,
        district: str | None = None,
        sector: str | None = None,
        children: bool = False,
        sex: str | None = None,
        band: AgeBand | None = None,
        ethnicity: str | None = None,
    ) -> int:
        """People in the rows that match every condition given."""
        return sum(
            r.population
            for r in self.rows
            if (district is None or self.district_of(r.area) == district)
            and (sector is None or r.area == sector)
            and (not children or r.age_band.children)
            and (sex is None or r.sex == sex)
            and (band is None or r.age_band == band)
            and (ethnicity is None or r.ethnicity == ethnicity)
        )

    def band_of(self, age: int) -> AgeBand | None:
        return next((b for b in self.bands if b.holds(age)), None)


def read_population(path: Path) -> Population:
    """The file's rows, or an ``InsightError`` listing every problem (file, line and field)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InsightError(
            f"{path}: cannot read the population file ({exc.strerror}); the council supplies it (area, age_band, "
            "sex, population, source, year: see docs/insight.md), and `wholefamily generate` writes one for "
            "a synthetic authority"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InsightError(f"{path}: the population file is not UTF-8 text ({exc.reason})") from exc
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InsightError(f"{path}: missing columns {', '.join(missing)} (expected {', '.join(COLUMNS)})")
    has_ethnicity = ETHNICITY in header
    problems: list[str] = []
    rows: list[Row] = []
    lines: dict[tuple[str, AgeBand, str, str | None], int] = {}
    band_line: dict[AgeBand, int] = {}
    sources: Counter[str] = Counter()
    years: Counter[int] = Counter()
    line = 1
    for line, record in enumerate(reader, start=2):
        row = _row(record, f"{path}, line {line}", has_ethnicity, problems)
        if row is None:
            continue
        key = (row.area, row.age_band, row.sex, row.ethnicity)
        if key in lines:
            problems.append(
                f"{path}, line {line}: {row.area} {row.age_band.label} {row.sex}"
                + (f" {row.ethnicity}" if row.ethnicity else "")
                + f" is also on line {lines[key]}"
            )
        lines.setdefault(key, line)
        band_line.setdefault(row.age_band, line)
        sources[(record.get("source") or "").strip()] += 1
        years[int((record.get("year") or "0").strip())] += 1
        rows.append(row)
    if not rows and not problems:
        problems.append(f"{path}: no rows")
    bands = tuple(sorted(band_line))
    if rows and len(rows) == line - 1:  # every row read: the file as a whole can be checked
        problems += _band_problems(path, bands, band_line)
        problems += _area_problems(path, rows, bands, has_ethnicity)
    if problems:
        more = [f"and {len(problems) - MAX_PROBLEMS} more"] if len(problems) > MAX_PROBLEMS else []
        raise InsightError(
            "the population file is not valid, so no indicator was computed:\n"
            + "\n".join(f"- {p}" for p in [*problems[:MAX_PROBLEMS], *more])
        )
    return Population(path, tuple(rows), bands, has_ethnicity, tuple(sorted(sources)), tuple(sorted(years)))


def _row(record: dict[str, str | None], where: str, has_ethnicity: bool, problems: list[str]) -> Row | None:
    text = {c: (record.get(c) or "").strip() for c in (*COLUMNS, ETHNICITY)}
    before = len(problems)
    area = " ".join(text["area"].upper().split())
    if not (DISTRICT.match(area) or SECTOR.match(area)):
        problems.append(f"{where}, area: {text['area']!r} is not a postcode district (WX1) or sector (WX1 3)")
    band = _band(text["age_band"])
    if band is None:
        problems.append(f"{where}, age_band: {text['age_band']!r} is not an age band (such as 5-9 or 65+)")
    elif band.low < CHILD_AGE_LIMIT <= (band.high if band.high is not None else CHILD_AGE_LIMIT):
        problems.append(
            f"{where}, age_band: {band.label} spans the ages of 17 and 18; split it at 18 (children are 0 to 17)"
        )
    if text["sex"].lower() not in SEXES:
        problems.append(f"{where}, sex: {text['sex']!r} is not one of {', '.join(SEXES)}")
    if not text["population"].isdigit():
        problems.append(f"{where}, population: {text['population']!r} is not a whole number of people")
    if not text["source"]:
        problems.append(f"{where}, source: empty (say where the figure comes from)")
    if not (text["year"].isdigit() and 1900 <= int(text["year"]) <= 2100):
        problems.append(f"{where}, year: {text['year']!r} is not a year")
    ethnicity = text[ETHNICITY].lower() if has_ethnicity else None
    if ethnicity is not None and ethnicity not in ETHNIC_GROUPS:
        problems.append(f"{where}, ethnicity: {text[ETHNICITY]!r} is not one of {', '.join(ETHNIC_GROUPS)}")
    if len(problems) > before or band is None:
        return None
    return Row(area, band, text["sex"].lower(), ethnicity, int(text["population"]))


def _band(text: str) -> AgeBand | None:
    found = _BAND.match(text)
    if not found:
        return None
    low, high = int(found.group(1)), None if found.group(3) else int(found.group(2))
    return None if high is not None and high < low else AgeBand(low, high)


def _band_problems(path: Path, bands: tuple[AgeBand, ...], line: dict[AgeBand, int]) -> list[str]:
    """The bands must run from 0 up without a gap or an overlap, the last one open (``65+``)."""
    expected = 0
    for band in bands:
        if band.low != expected:
            what = (
                "overlaps the band before it"
                if band.low < expected
                else f"leaves ages {expected}-{band.low - 1} out"
            )
            return [f"{path}, line {line[band]}, age_band: {band.label} {what}"]
        if band.high is None:
            if band != bands[-1]:
                return [
                    f"{path}, line {line[band]}, age_band: {band.label} is open, yet other bands follow it"
                ]
            return []
        expected = band.high + 1
    return [f"{path}, age_band: no open band for the oldest ages (such as {expected}+)"]


def _area_problems(path: Path, rows: list[Row], bands: tuple[AgeBand, ...], has_ethnicity: bool) -> list[str]:
    """A district is given whole or by sectors, and every area has every band and sex (and group)."""
    problems = []
    whole = {r.area for r in rows if DISTRICT.match(r.area)}
    split = {m.group(1) for r in rows if (m := SECTOR.match(r.area))}
    for district in sorted(whole & split):
        problems.append(
            f"{path}, area: {district} is given both whole and by its sectors; give one or the other"
        )
    groups: tuple[str | None, ...] = ETHNIC_GROUPS if has_ethnicity else (None,)
    held: dict[str, set[tuple[AgeBand, str, str | None]]] = {}
    for r in rows:
        held.setdefault(r.area, set()).add((r.age_band, r.sex, r.ethnicity))
    for area, keys in sorted(held.items()):
        absent = [(b, s, g) for b in bands for s in SEXES for g in groups if (b, s, g) not in keys]
        if absent:
            named = ", ".join(f"{b.label} {s}" + (f" {g}" if g else "") for b, s, g in absent[:5])
            more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
            problems.append(f"{path}, area {area}: no row for {named}{more}")
    return problems
