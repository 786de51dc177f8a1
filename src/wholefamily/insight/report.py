"""``wholefamily insight indicators``: the population indicators as of a date, written to
``reports/insight/<date>/``: one CSV per indicator with its data dictionary beside it
(``<name>.dictionary.csv``: field, type and meaning) and a report (``indicators.md``) that says where each
figure comes from. Every count is suppressed (``[c]``) as ``suppression`` describes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wholefamily.insight.facts import read_facts
from wholefamily.insight.indicators import HIDDEN, Indicators, compute
from wholefamily.insight.population import Population, read_population
from wholefamily.insight.suppression import DEFAULT_THRESHOLD
from wholefamily.reports import write_csv_atomically
from wholefamily.workspace import Workspace

_HIDDEN = f"A whole number of 0 or more, or {HIDDEN} where it is suppressed (fewer than the threshold, or hidden so that no suppressed count can be worked out from the others)."
_RATE = f"Per 1,000 children (0 to 17) in the area's population; empty where the population is not known, {HIDDEN} where the count is suppressed."
_AREA = {
    "level": (
        "text",
        "authority (the whole council), district (postcode district) or sector (postcode sector).",
    ),
    "area": (
        "text",
        "The postcode district (WX1) or sector (WX1 3); 'all' for the authority; 'not known' where no member of the family has a full postcode.",
    ),
}

#: each file's fields: name → (type, meaning); the CSV's columns are these, in this order
DICTIONARIES: dict[str, dict[str, tuple[str, str]]] = {
    "needs": {
        **_AREA,
        "headline": (
            "text",
            "The headline of the need (the framework's code), or 'any' for any counted need.",
        ),
        "headline_label": ("text", "The headline's name."),
        "children": (
            "integer",
            "Dependent children of families identified with a counted need of the headline, each child once, in the area of the first such family. "
            + _HIDDEN,
        ),
        "children_population": (
            "integer",
            "Children aged 0 to 17 living in the area (the population file); empty where not known.",
        ),
        "rate_per_1000": ("decimal", _RATE),
    },
    "trend": {
        "period": ("text", "month or quarter."),
        "label": (
            "text",
            "The month (YYYY-MM: its latest identify run) or quarter (2026Q3: its latest month).",
        ),
        "headline": ("text", "As in needs.csv."),
        "children": ("integer", "As in needs.csv, for the whole authority. " + _HIDDEN),
        "children_population": (
            "integer",
            "Children aged 0 to 17 in the authority (the population file, as of its year).",
        ),
        "rate_per_1000": ("decimal", _RATE),
    },
    "engagement": {
        **_AREA,
        "eligible_families": (
            "integer",
            "Families the framework makes eligible in the identify run. " + _HIDDEN,
        ),
        "engaged": (
            "integer",
            "Of those, families worked with by the date (casework/milestones.csv). " + _HIDDEN,
        ),
        "not_engaged": ("integer", "Of those, families not worked with. " + _HIDDEN),
        "engaged_percent": (
            "decimal",
            f"engaged / eligible_families × 100; {HIDDEN} where either is suppressed.",
        ),
    },
    "equity": {
        "dimension": (
            "text",
            "sex, ethnicity (the census's high-level groups), age_band (the population file's bands) or district.",
        ),
        "group": ("text", "The group; 'not known' where the records do not say; 'all' for everyone."),
        "population": (
            "integer",
            "People of the group in the population file; empty where the file does not give it.",
        ),
        "population_percent": ("decimal", "The group's share of the population (%)."),
        "identified": ("integer", "People living in families the framework makes eligible. " + _HIDDEN),
        "identified_per_1000": ("decimal", "identified per 1,000 people of the group."),
        "identified_percent": ("decimal", "The group's share of everyone identified (%)."),
        "identified_ratio": (
            "decimal",
            "identified_percent / population_percent: 1 is in proportion, above 1 over-represented.",
        ),
        "engaged": ("integer", "People living in families worked with by the date. " + _HIDDEN),
        "engaged_per_1000": ("decimal", "engaged per 1,000 people of the group."),
        "engaged_percent": ("decimal", "The group's share of everyone engaged (%)."),
        "engaged_ratio": ("decimal", "engaged_percent / population_percent."),
    },
    "demand": {
        **_AREA,
        "approaching": (
            "integer",
            "Families not eligible with one counted need fewer than the fewest an eligible family has. "
            + _HIDDEN,
        ),
        "rising": (
            "integer",
            "Of those, families with more counted needs than in the framework's previous identify run. "
            + _HIDDEN,
        ),
        "steady": ("integer", "Of those, the others. " + _HIDDEN),
        "rising_percent": ("decimal", f"rising / approaching × 100; {HIDDEN} where either is suppressed."),
    },
}


@dataclass(frozen=True)
class Written:
    folder: Path
    files: list[Path]
    indicators: Indicators


def write_indicators(
    workspace: Workspace, as_of: dt.date, threshold: int = DEFAULT_THRESHOLD, suppress_zero: bool = False
) -> Written:
    population = read_population(workspace.population)
    facts = read_facts(workspace, as_of)
    result = compute(facts, population, threshold, suppress_zero)
    folder = workspace.reports / "insight" / as_of.isoformat()
    files: list[Path] = []
    for name, rows in (
        ("needs", result.needs),
        ("trend", result.trend),
        ("engagement", result.engagement),
        ("equity", result.equity),
        ("demand", result.demand),
    ):
        fields = DICTIONARIES[name]
        write_csv_atomically(folder / f"{name}.csv", list(fields), rows)
        write_csv_atomically(
            folder / f"{name}.dictionary.csv",
            ["field", "type", "description"],
            [[f, kind, meaning] for f, (kind, meaning) in fields.items()],
        )
        files += [folder / f"{name}.csv", folder / f"{name}.dictionary.csv"]
    report = folder / "indicators.md"
    report.write_text(
        _markdown(facts.as_of, facts.run_id, facts.run_as_of, facts.milestones_read, population, result),
        "utf-8",
    )
    return Written(folder, [*files, report], result)


def _markdown(
    as_of: dt.date,
    run_id: str,
    run_as_of: dt.date,
    milestones: bool,
    population: Population,
    result: Indicators,
) -> str:
    def table(name: str, rows: list[list[str]], without_sectors: bool = False) -> list[str]:
        header = list(DICTIONARIES[name])
        shown = [r for r in rows if not (without_sectors and r[0] == "sector")]
        return [
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
            *("| " + " | ".join(cell or "–" for cell in row) + " |" for row in shown),
            "",
        ]

    lines = [
        f"# Population indicators as of {as_of.isoformat()}",
        "",
        f"Needs from identify run {run_id} (as of {run_as_of.isoformat()}); population from "
        f"{population.path.name} ({'; '.join(population.sources)}, {', '.join(map(str, population.years))}); "
        + (
            "work with families from casework/milestones.csv."
            if milestones
            else "no casework/milestones.csv: nobody counts as engaged."
        ),
        "",
        f"Counts from {0 if result.suppress_zero else 1} to {result.threshold - 1} are suppressed ({HIDDEN}), and "
        "further counts with them so that none "
        "can be worked out from the totals; a rate or share is shown only where its counts are. Each table is "
        "in a CSV beside this report, with its data dictionary (sectors only in needs.csv).",
        "",
        "## Children in families with each need, per 1,000 children",
        "",
        *table("needs", result.needs, without_sectors=True),
        "## Trend (whole authority)",
        "",
        *table("trend", result.trend),
        "## Eligible families worked with",
        "",
        *table("engagement", result.engagement),
        "## Equity: who is identified and engaged, against the population",
        "",
        *table("equity", result.equity),
        "## Demand: families approaching eligibility",
        "",
        *table("demand", result.demand),
    ]
    return "\n".join(lines)
