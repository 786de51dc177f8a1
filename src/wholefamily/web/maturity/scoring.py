"""Scoring a quarter, the change over time, and the export for the national team.

Every figure here is read from the stored scores and the template version each quarter used, so a statement
renamed later is shown with the text it was scored against in the export, and with today's text in the
change table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from statistics import mean

from django.db import transaction

from wholefamily.web.accounts.models import User
from wholefamily.web.maturity import template as templates
from wholefamily.web.maturity.models import Assessment, Score, TemplateVersion

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_problem(quarter: str, today: dt.date | None = None) -> str | None:
    """Why ``quarter`` cannot be scored, or None: it must read like 2027Q1 and have begun by today."""
    match = QUARTER.fullmatch(quarter)
    if match is None:
        return "Enter the quarter as a year and a quarter number, like 2027Q1"
    year, number = int(match.group(1)), int(match.group(2))
    if year < 2000:
        return "The quarter must be in 2000 or later"
    today = today or dt.date.today()
    if (year, number) > (today.year, (today.month - 1) // 3 + 1):
        return "The quarter has not begun yet"
    return None


@dataclass(frozen=True)
class Given:
    """What the coordinator gave one statement."""

    level: int
    evidence: str
    links: tuple[str, ...]


def save_scores(
    quarter: str, version: TemplateVersion, scores: dict[str, Given], user: User
) -> tuple[Assessment, dict[str, tuple[int | None, int]]]:
    """Record ``quarter``'s scores against ``version`` (a quarter already scored keeps its own version), and
    return the assessment with each changed statement's level before and after."""
    with transaction.atomic():
        assessment, _ = Assessment.objects.get_or_create(
            quarter=quarter, defaults={"version": version, "recorded_by": user}
        )
        before = dict(assessment.scores.values_list("statement_key", "level"))
        for key, given in scores.items():
            Score.objects.update_or_create(
                assessment=assessment,
                statement_key=key,
                defaults={"level": given.level, "evidence": given.evidence, "links": list(given.links)},
            )
        assessment.save(update_fields=["updated_at"])
    changed = {k: (before.get(k), g.level) for k, g in scores.items() if before.get(k) != g.level}
    return assessment, changed


def assessments() -> list[Assessment]:
    return list(Assessment.objects.select_related("version", "recorded_by").order_by("quarter"))


@dataclass(frozen=True)
class Row:
    """One line of the change table: an area (``statement`` empty) or a statement, with a level per quarter."""

    area: str
    statement: str
    levels: tuple[float | None, ...]

    @property
    def change(self) -> float | None:
        known = [v for v in self.levels if v is not None]
        return round(known[-1] - known[0], 1) if len(known) > 1 else None


def change_over_time() -> tuple[list[str], list[Row]]:
    """The quarters scored, and a row per area (the mean level of its statements scored that quarter, to one
    decimal place) followed by a row per statement, in the current template's order."""
    done = assessments()
    quarters = [a.quarter for a in done]
    by_quarter = {
        a.quarter: dict(Score.objects.filter(assessment=a).values_list("statement_key", "level"))
        for a in done
    }
    current = templates.of(templates.current_version())
    rows: list[Row] = []
    for area in current.areas:
        keys = [s.key for s in area.statements]
        area_levels = []
        for quarter in quarters:
            given = [by_quarter[quarter][k] for k in keys if k in by_quarter[quarter]]
            area_levels.append(round(mean(given), 1) if given else None)
        rows.append(Row(area.title, "", tuple(area_levels)))
        for statement in area.statements:
            levels = tuple(
                float(by_quarter[q][statement.key]) if statement.key in by_quarter[q] else None
                for q in quarters
            )
            rows.append(Row(area.title, statement.text, levels))
    return quarters, rows


#: The export's fields, in order, with what each holds (docs/insight.md shows the same list).
EXPORT_FIELDS: dict[str, str] = {
    "quarter": "The quarter assessed, like 2027Q1 (January to March 2027)",
    "template_version": "The template version the quarter was scored against",
    "template_name": "That version's name",
    "template_is_default": "true when that version is the shipped default, unchanged",
    "area_key": "The area's key (stable across versions)",
    "area_title": "The area's title in that version",
    "statement_key": "The statement's key (stable across versions)",
    "statement_text": "The statement as it read in that version",
    "level": "The level given (1 is the lowest)",
    "level_label": "The level's label in that version",
    "levels_in_scale": "How many levels that version's scale has",
    "evidence": "The evidence noted for the level",
    "evidence_links": "Evidence links, separated by a space",
    "recorded_by": "Who first recorded the quarter (username)",
    "updated_at": "When the quarter's scores were last saved (ISO 8601, UTC)",
}


def export_rows() -> list[dict[str, str | int | bool]]:
    """One row per quarter and statement scored, in quarter and template order (``EXPORT_FIELDS``)."""
    rows: list[dict[str, str | int | bool]] = []
    for assessment in assessments():
        used = templates.of(assessment.version)
        scores = {s.statement_key: s for s in assessment.scores.all()}
        for area in used.areas:
            for statement in area.statements:
                score = scores.get(statement.key)
                if score is None:
                    continue
                rows.append(
                    {
                        "quarter": assessment.quarter,
                        "template_version": assessment.version.number,
                        "template_name": used.name,
                        "template_is_default": used.is_default,
                        "area_key": area.key,
                        "area_title": area.title,
                        "statement_key": statement.key,
                        "statement_text": statement.text,
                        "level": score.level,
                        "level_label": used.level_label(score.level),
                        "levels_in_scale": len(used.levels),
                        "evidence": score.evidence,
                        "evidence_links": " ".join(score.links),
                        "recorded_by": assessment.recorded_by.username if assessment.recorded_by else "",
                        "updated_at": assessment.updated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                    }
                )
    return rows
