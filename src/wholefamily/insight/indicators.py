"""Population indicators, equity and demand by small area, every count suppressed before it is published.

Each indicator is a table of counts (``suppression.CountTable``) and all of them are suppressed together,
the entries they share linked, so that no hidden count can be worked out from any of the published ones:

* **needs**: children (dependent children of a family with the need; each child counted once per
  headline, in the area of the first such family by id) by postcode district and headline, with ``any``
  for any counted need; the sectors of each district as a table of their own for each headline, whose row
  totals are the district figures. Rates per 1,000 children (0 to 17, from the population file);
* **trend**: the same children for the whole authority, by month (each month's latest identify run of the
  framework) and by quarter (its latest month);
* **engagement**: eligible families by district, worked with by the date or not;
* **equity**: people in eligible families (identified) and in families worked with (engaged) by sex,
  ethnic group, age band and district, against the population of each group;
* **demand**: families approaching eligibility by district: not eligible, with one counted need fewer
  than the fewest an eligible family has, ``rising`` when they have more counted needs than in the
  framework's previous run (a further need trending in), else ``steady``.

A rate, share or ratio is published only where the counts it is made of are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wholefamily.insight.facts import NOT_KNOWN, Facts, Family, Person
from wholefamily.insight.population import ETHNIC_GROUPS, SEXES, Population
from wholefamily.insight.suppression import (
    DEFAULT_THRESHOLD,
    CountTable,
    Entry,
    SuppressedTable,
    suppress_together,
)

ANY = "any"
HIDDEN = "[c]"
"""What a suppressed figure reads as (the Government Statistical Service's shorthand for confidential)."""


@dataclass
class _Tables:
    """The count tables of every indicator and the entries they share, suppressed in one go."""

    tables: list[CountTable] = field(default_factory=list)
    links: list[list[tuple[int, Entry]]] = field(default_factory=list)

    def add(self, rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[int]]) -> int:
        self.tables.append(CountTable(tuple(rows), tuple(columns), tuple(tuple(r) for r in cells)))
        return len(self.tables) - 1

    def link(self, *entries: tuple[int, Entry]) -> None:
        self.links.append(list(entries))


@dataclass(frozen=True)
class Indicators:
    """The published tables: each a list of rows (text cells, suppressed ones reading ``[c]``)."""

    needs: list[list[str]]
    trend: list[list[str]]
    engagement: list[list[str]]
    equity: list[list[str]]
    demand: list[list[str]]
    threshold: int
    suppress_zero: bool


def compute(
    facts: Facts, population: Population, threshold: int = DEFAULT_THRESHOLD, suppress_zero: bool = False
) -> Indicators:
    columns = [*sorted(set(facts.headlines) | {h for _, _, c in facts.trend for h in c} - {ANY}), ANY]
    families = facts.families
    districts = sorted(
        set(population.districts) | {f.district for f in families if f.district != NOT_KNOWN}
    ) + ([NOT_KNOWN] if any(f.district == NOT_KNOWN for f in families) else [])
    t = _Tables()
    needs, sector_tables = _needs_tables(t, facts, population, columns, districts)
    month_table, quarter_table = _trend_tables(t, facts, columns, needs, len(districts))
    eligible = [f for f in families if f.eligible]
    engagement = _families_by_district(
        t, eligible, districts, ("engaged", "not_engaged"), lambda f: f.engaged
    )
    fewest = min((f.needs for f in eligible), default=0)
    approaching = [f for f in families if not f.eligible and fewest > 1 and f.needs == fewest - 1]
    demand = _families_by_district(t, approaching, districts, ("rising", "steady"), lambda f: f.rising)
    dimensions = _dimensions(population, districts)
    equity = _equity_tables(t, _members(facts), dimensions)

    shown = suppress_together(t.tables, t.links, threshold, suppress_zero)
    return Indicators(
        needs=_needs_rows(shown[needs], {h: shown[sector_tables[h]] for h in columns}, facts, population),
        trend=_trend_rows(shown[month_table], shown[quarter_table], population),
        engagement=_family_rows(shown[engagement]),
        demand=_family_rows(shown[demand]),
        equity=[
            row
            for name, table in equity.items()
            for row in _equity_rows(name, shown[table], dimensions[name])
        ],
        threshold=threshold,
        suppress_zero=suppress_zero,
    )


def _needs_tables(
    t: _Tables, facts: Facts, population: Population, columns: list[str], districts: list[str]
) -> tuple[int, dict[str, int]]:
    """Districts × headlines, and for each headline districts × sector digits (its row totals the same
    figures as the district table's column)."""
    placed = _children_by_area(facts, columns)
    by_district = [
        [sum(n for (d, _), n in placed[h].items() if d == district) for h in columns]
        for district in districts
    ]
    needs = t.add(districts, columns, by_district)
    suffixes = sorted(
        {_suffix(s) for h in columns for (_, s) in placed[h]} | set(map(_suffix, population.sectors))
    )
    sector_tables = {}
    for k, h in enumerate(columns):
        grid = [[placed[h].get((d, _sector(d, x)), 0) for x in suffixes] for d in districts]
        sector_tables[h] = t.add(districts, suffixes, grid)
        for i in range(len(districts) + 1):
            t.link((needs, (i, k)), (sector_tables[h], (i, len(suffixes))))
    return needs, sector_tables


def _trend_tables(
    t: _Tables, facts: Facts, columns: list[str], needs: int, districts: int
) -> tuple[int, int]:
    """Months and quarters × headlines: a quarter is its latest month, and the current month is the
    authority's row of the needs table."""
    months = [(when, counts) for when, _, counts in facts.trend]
    month_table = t.add(
        [w.strftime("%Y-%m") for w, _ in months], columns, [[c.get(h, 0) for h in columns] for _, c in months]
    )
    quarters: dict[str, int] = {}
    for m, (when, _) in enumerate(months):
        quarters[f"{when.year}Q{(when.month - 1) // 3 + 1}"] = m  # the quarter's latest month
    quarter_table = t.add(
        list(quarters), columns, [[months[m][1].get(h, 0) for h in columns] for m in quarters.values()]
    )
    for q, m in enumerate(quarters.values()):
        for k in range(len(columns) + 1):
            t.link((month_table, (m, k)), (quarter_table, (q, k)))
    if months and months[-1][0] == facts.run_as_of:
        for k in range(len(columns) + 1):
            t.link((month_table, (len(months) - 1, k)), (needs, (districts, k)))
    return month_table, quarter_table


def _families_by_district(
    t: _Tables,
    families: list[Family],
    districts: list[str],
    parts: tuple[str, str],
    first: Callable[[Family], bool],
) -> int:
    """Families by district in two parts: those ``first`` holds for, and the others."""
    return t.add(
        districts,
        parts,
        [
            [sum(1 for f in families if f.district == d and first(f) == e) for e in (True, False)]
            for d in districts
        ],
    )


def _equity_tables(t: _Tables, members: list[_Member], dimensions: dict[str, _Dimension]) -> dict[str, int]:
    """People identified and engaged by the groups of each dimension; every dimension's totals are the same
    people, so they are linked."""
    equity = {}
    for name, dimension in dimensions.items():
        groups = [dimension.group_of(m) for m in members]
        cells = [
            [
                sum(1 for m, g in zip(members, groups, strict=True) if g == group and flag(m))
                for flag in _FLAGS
            ]
            for group in dimension.groups
        ]
        equity[name] = t.add(dimension.groups, ["identified", "engaged"], cells)
    first = next(iter(equity.values()))
    for table in list(equity.values())[1:]:
        for k in range(3):
            t.link((first, (len(t.tables[first].rows), k)), (table, (len(t.tables[table].rows), k)))
    return equity


_FLAGS: tuple[Callable[[_Member], bool], ...] = (lambda m: m.identified, lambda m: m.engaged)


def _suffix(sector: str) -> str:
    """The sector's digit within its district (``WX1 3`` → ``3``), or not known."""
    return sector if sector == NOT_KNOWN else sector.rsplit(" ", 1)[-1]


def _sector(district: str, suffix: str) -> str:
    """The sector of a district and digit (both not known for a family without a full postcode)."""
    return NOT_KNOWN if district == NOT_KNOWN and suffix == NOT_KNOWN else f"{district} {suffix}"


def _children_by_area(facts: Facts, columns: list[str]) -> dict[str, dict[tuple[str, str], int]]:
    """Children per (district, sector) for each headline: each child once, where its first family lives."""
    placed: dict[str, dict[tuple[str, str], int]] = {h: {} for h in columns}
    for h in columns:
        seen: set[str] = set()
        for f in facts.families:  # in family id order
            if not (f.headlines if h == ANY else h in f.headlines):
                continue
            for child in f.children:
                if child not in seen:
                    seen.add(child)
                    key = (f.district, f.sector)
                    placed[h][key] = placed[h].get(key, 0) + 1
    return placed


@dataclass(frozen=True)
class _Member:
    """A person in scope, once (with their first family's district), identified and engaged."""

    person: Person
    district: str
    identified: bool  # in an eligible family
    engaged: bool  # in a family worked with


def _members(facts: Facts) -> list[_Member]:
    family = {f.family_id: f for f in facts.families}
    first: dict[str, Person] = {}
    flags: dict[str, tuple[bool, bool]] = {}
    for p in facts.people:
        first.setdefault(p.person_id, p)
        was, f = flags.get(p.person_id, (False, False)), family[p.family_id]
        flags[p.person_id] = (was[0] or f.eligible, was[1] or f.engaged)
    return [_Member(first[pid], family[first[pid].family_id].district, *flags[pid]) for pid in sorted(flags)]


@dataclass(frozen=True)
class _Dimension:
    groups: list[str]
    group_of: Callable[[_Member], str]
    population: Callable[[str], int | None]  # None: not known for the group


def _dimensions(population: Population, districts: list[str]) -> dict[str, _Dimension]:
    def band(m: _Member) -> str:
        found = None if m.person.age is None else population.band_of(m.person.age)
        return NOT_KNOWN if found is None else found.label

    bands = {b.label: b for b in population.bands}

    def known(groups: Sequence[str], count: Callable[[str], int]) -> Callable[[str], int | None]:
        return lambda g: count(g) if g in groups else None

    return {
        "sex": _Dimension(
            [*SEXES, NOT_KNOWN],
            lambda m: m.person.sex if m.person.sex in SEXES else NOT_KNOWN,
            known(SEXES, lambda g: population.count(sex=g)),
        ),
        "ethnicity": _Dimension(
            [*ETHNIC_GROUPS, NOT_KNOWN],
            lambda m: m.person.ethnicity if m.person.ethnicity in ETHNIC_GROUPS else NOT_KNOWN,
            known(ETHNIC_GROUPS if population.has_ethnicity else (), lambda g: population.count(ethnicity=g)),
        ),
        "age_band": _Dimension(
            [*bands, NOT_KNOWN], band, known(list(bands), lambda g: population.count(band=bands[g]))
        ),
        "district": _Dimension(
            districts,
            lambda m: m.district,
            known(population.districts, lambda g: population.count(district=g)),
        ),
    }


def _text(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def _ratio(part: int | None, whole: int | None, per: int = 1, places: int = 1) -> str:
    """part / whole × per, rounded; hidden when either is; empty when there is nothing to divide by."""
    if part is None or whole is None:
        return HIDDEN if whole != 0 else ""
    return "" if whole == 0 else f"{part / whole * per:.{places}f}"


def _needs_rows(
    table: SuppressedTable, sectors: dict[str, SuppressedTable], facts: Facts, population: Population
) -> list[list[str]]:
    children = {d: population.count(district=d, children=True) for d in population.districts}
    in_sector = {s: population.count(sector=s, children=True) for s in population.sectors}
    rows = []
    for k, h in enumerate(table.columns):
        named = [h, facts.headlines.get(h, "any counted need" if h == ANY else h)]
        rows.append(
            _rate_row("authority", "all", named, table.column_total(k), population.count(children=True))
        )
        for i, district in enumerate(table.rows):
            rows.append(_rate_row("district", district, named, table.cell(i, k), children.get(district)))
            grid = sectors[h]
            for j, suffix in enumerate(grid.columns):
                sector = _sector(district, suffix)
                if sector in in_sector or grid.cell(i, j) != 0:  # else there is no such sector
                    rows.append(_rate_row("sector", sector, named, grid.cell(i, j), in_sector.get(sector)))
    return rows


def _rate_row(
    level: str, area: str, headline: list[str], count: int | None, children: int | None
) -> list[str]:
    rate = _ratio(count, children, 1000) if children is not None else ""
    return [level, area, *headline, _text(count), _maybe(children), rate]


def _maybe(value: int | None) -> str:
    return "" if value is None else str(value)


def _trend_rows(
    months: SuppressedTable, quarters: SuppressedTable, population: Population
) -> list[list[str]]:
    everyone = population.count(children=True)
    rows = []
    for period, table in (("month", months), ("quarter", quarters)):
        for i, label in enumerate(table.rows):
            for k, h in enumerate(table.columns):
                count = table.grid[i][k]
                rows.append([period, label, h, _text(count), str(everyone), _ratio(count, everyone, 1000)])
    return rows


def _family_rows(table: SuppressedTable) -> list[list[str]]:
    """Families by district (and the authority): the total, its two parts and the first part's share."""
    rows = []
    for i, area in [(len(table.rows), "all"), *enumerate(table.rows)]:
        total, part, rest = table.grid[i][2], table.grid[i][0], table.grid[i][1]
        level = "authority" if area == "all" else "district"
        rows.append([level, area, _text(total), _text(part), _text(rest), _ratio(part, total, 100)])
    return rows


def _equity_rows(name: str, table: SuppressedTable, dimension: _Dimension) -> list[list[str]]:
    totals = [dimension.population(g) for g in table.rows]
    known = [p for p in totals if p is not None]
    everyone = sum(known) if known else None
    last = len(table.rows)
    rows = []
    for i, group in [*enumerate(table.rows), (last, "all")]:
        pop = totals[i] if i < last else everyone
        row = [name, group, _maybe(pop), _ratio(pop, everyone, 100) if pop is not None and everyone else ""]
        for k in (0, 1):
            count, whole = table.grid[i][k], table.grid[last][k]
            share = _ratio(count, whole, 100)
            pop_share = pop / everyone if pop is not None and everyone else None
            ratio = (
                HIDDEN
                if count is None or whole is None
                else ("" if not whole or not pop_share else f"{count / whole / pop_share:.2f}")
            )
            row += [_text(count), _ratio(count, pop, 1000) if pop is not None else "", share, ratio]
        rows.append(row)
    return rows
