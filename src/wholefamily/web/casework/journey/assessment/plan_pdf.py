"""The family plan as a PDF a family can be given on paper, in plain English: what we want to change, the goal,
and for each action what will happen, who will do it and by when.

The plan is read as the page reads it (``PrintedPlan`` is built by the view from the same queries, sensitive
goals left out for roles that may not read them). The core PDF fonts hold Latin-1 only: typographic quotes and
dashes become their plain forms, anything else a question mark. The creation date is fixed, so the same plan
printed on the same day gives the same bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fpdf import FPDF

_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


@dataclass(frozen=True)
class PrintedAction:
    action: str
    owner: str
    due_on: dt.date
    progress: str


@dataclass(frozen=True)
class PrintedGoal:
    headline: str
    goal: str
    status: str
    family_words: str = ""
    child_view: str = ""
    actions: list[PrintedAction] = field(default_factory=list)


@dataclass(frozen=True)
class PrintedPlan:
    reference: str
    lead_practitioner: str
    printed_on: dt.date
    goals: list[PrintedGoal]
    #: Headlines whose goals the reader may not see (named, without their words).
    restricted: list[str] = field(default_factory=list)
    next_review: dt.date | None = None


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def plan_pdf(plan: PrintedPlan) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Family plan {plan.reference}"))
    pdf.set_creation_date(dt.datetime.combine(plan.printed_on, dt.time(), tzinfo=dt.UTC))
    pdf.set_auto_page_break(True, 15)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()

    def line(text: str, size: int = 11, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line("Our family plan", 20, True, 3)
    line(f"Family {plan.reference}. Printed on {_day(plan.printed_on)}.")
    line(
        f"Your lead practitioner is {plan.lead_practitioner}: ask them about anything in this plan."
        if plan.lead_practitioner
        else "You do not have a lead practitioner yet."
    )
    if plan.next_review:
        line(f"We will look at this plan together again by {_day(plan.next_review)}.")
    pdf.ln(3)
    if not plan.goals:
        line("The plan has no goals yet.")
    for goal in plan.goals:
        line(f"What we want to change: {goal.headline}", 14, True)
        line(f"Our goal: {goal.goal}")
        if goal.family_words:
            line(f"In our words: {goal.family_words}")
        if goal.child_view:
            line(f"What the children say: {goal.child_view}")
        line(f"Where we are: {goal.status}")
        if not goal.actions:
            line("No actions are agreed yet.", gap=4)
        for action in goal.actions:
            line(f"- What will happen: {action.action}", bold=True, gap=0.5)
            line(
                f"  Who will do it: {action.owner}. By when: {_day(action.due_on)}. "
                f"Progress: {action.progress}.",
                gap=2.5,
            )
        pdf.ln(3)
    for headline in plan.restricted:
        line(f"{headline}: this part of the plan is not shown to you.")
    return bytes(pdf.output())
