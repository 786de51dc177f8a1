"""The impact study's report: Markdown for people, JSON for machines, and the balance plot (SVG), in
``reports/impact/``."""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

from wholefamily.evidence.impact import Estimate, Impact
from wholefamily.evidence.matching import BALANCED, CALIPER
from wholefamily.evidence.study import START_WITHIN, WINDOW_DAYS
from wholefamily.workspace import Workspace


def write_impact_report(workspace: Workspace, impact: Impact) -> list[Path]:
    folder = workspace.reports / "impact"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "impact.md", folder / "impact.json", folder / "balance.svg"]
    paths[0].write_text(_markdown(impact), "utf-8")
    paths[1].write_text(json.dumps(impact_json(impact), indent=2, allow_nan=False) + "\n", "utf-8")
    paths[2].write_text(_balance_svg(impact), "utf-8")
    return paths


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def _estimate(e: Estimate) -> dict[str, object]:
    return {"effect": _number(e.effect), "low": _number(e.low), "high": _number(e.high), "n": e.n}


def impact_json(impact: Impact) -> dict[str, object]:
    s = impact.study
    return {
        "identify_run_id": s.identify_run_id,
        "index_date": s.index_date.isoformat(),
        "window_end": s.window_end.isoformat(),
        "seed": impact.seed,
        "families": {
            "worked_with": impact.treated,
            "comparison": impact.comparison,
            "matched": impact.matched,
            "unmatched": impact.unmatched,
            "comparison_used": impact.comparison_used,
            "worked_with_not_from_index_date": s.left_out,
        },
        "balanced": impact.balanced,
        "balance": [
            {
                "covariate": b.covariate,
                "smd_before": _number(b.before),
                "smd_after_matching": _number(b.after_matching),
                "smd_after_weighting": _number(b.after_weighting),
            }
            for b in impact.balance
        ],
        "outcomes": [
            {
                "outcome": r.outcome,
                "label": r.label,
                "measure": r.measure,
                "worked_with_mean": _number(r.treated_mean),
                "matched_comparison_mean": _number(r.matched_mean),
                "matched": _estimate(r.matched),
                "weighted": _estimate(r.weighted),
                "placebo_treatment": {**_estimate(r.placebo), "passes": r.placebo_passes},
                "random_common_cause": {**_estimate(r.random_cause), "passes": r.random_cause_passes},
            }
            for r in impact.results
        ],
    }


def verdict(passes: bool | None) -> str:
    return "not judged" if passes is None else "passes" if passes else "FAILS"


def _fmt(value: float, digits: int = 3) -> str:
    return "n/a" if math.isnan(value) else f"{value:+.{digits}f}"


def _interval(e: Estimate) -> str:
    return f"{_fmt(e.effect)} ({_fmt(e.low)} to {_fmt(e.high)})"


def _markdown(impact: Impact) -> str:
    s = impact.study
    lines = [
        "# Impact of the programme on the families worked with",
        "",
        f"Families identified on {s.index_date} (identify run {s.identify_run_id}) with a dependent child and no "
        "child protection plan or care spell open that day. **Worked with**: work began within "
        f"{START_WITHIN} days of that day; **comparison**: never worked with (eligible but not reached, or "
        f"below the threshold). Outcomes from the day after to {s.window_end} (at most {WINDOW_DAYS} days).",
        "",
        f"- worked with: {impact.treated}; comparison families: {impact.comparison}",
        f"- matched: {impact.matched} (same headlines of need, propensity within {CALIPER} SD of its log-odds); "
        f"unmatched and left out: {impact.unmatched}; comparison families used: {impact.comparison_used}",
        f"- worked with from another day, left out of both groups: {s.left_out}",
        f"- balance after matching: {'every' if impact.balanced else 'NOT every'} standardised mean "
        f"difference below {BALANCED}",
        "",
        "## Effects (worked with minus comparison, 95% interval)",
        "",
        "| outcome | measure | worked with | matched comparison | matched estimate | weighted estimate (check) "
        "| placebo treatment | random common cause |",
        "|---|---|---:|---:|---|---|---|---|",
    ]
    for r in impact.results:
        lines.append(
            f"| {r.label} | {r.measure} | {r.treated_mean:.3f} | {r.matched_mean:.3f} | {_interval(r.matched)} "
            f"(n {r.matched.n}) | {_interval(r.weighted)} | {_fmt(r.placebo.effect)} "
            f"({verdict(r.placebo_passes)}) | {_fmt(r.random_cause.effect)} "
            f"({verdict(r.random_cause_passes)}) |"
        )
    lines += [
        "",
        "A placebo treatment passes when its interval covers 0; a random common cause passes when the estimate "
        "stays inside the matched estimate's interval. An interval that covers 0 means no effect was shown, "
        "not that there is none.",
        "",
        "## Balance (standardised mean differences)",
        "",
        "| covariate | before | after matching | after weighting |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {b.covariate} | {b.before:+.3f} | {b.after_matching:+.3f} | {b.after_weighting:+.3f} |"
        for b in impact.balance
    ]
    lines += ["", "Plot: balance.svg. Figures: impact.json.", ""]
    return "\n".join(lines)


def _balance_svg(impact: Impact) -> str:
    """A dot plot of each covariate's absolute SMD before (hollow) and after matching (filled), with the
    0.1 target marked."""
    rows, left, width, step = impact.balance, 230, 360, 22
    top = 30
    height = top + step * len(rows) + 40
    most = max([0.5, *(abs(b.before) for b in rows), *(abs(b.after_matching) for b in rows)])

    def x(value: float) -> float:
        return left + width * min(abs(value), most) / most

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 20}" height="{height}" '
        'font-family="Arial, sans-serif" font-size="12">',
        "<title>Standardised mean differences before and after matching</title>",
        f'<line x1="{x(BALANCED):.1f}" y1="{top - 10}" x2="{x(BALANCED):.1f}" y2="{height - 30}" '
        'stroke="#d4351c" stroke-dasharray="4 3"/>',
        f'<text x="{x(BALANCED) + 4:.1f}" y="{top - 14}" fill="#d4351c">target {BALANCED}</text>',
    ]
    for k, b in enumerate(rows):
        y = top + step * k + 10
        parts += [
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(b.covariate)}</text>',
            f'<line x1="{left}" y1="{y}" x2="{left + width}" y2="{y}" stroke="#dddddd"/>',
            f'<circle cx="{x(b.before):.1f}" cy="{y}" r="5" fill="white" stroke="#505a5f" stroke-width="2"/>',
            f'<circle cx="{x(b.after_matching):.1f}" cy="{y}" r="4" fill="#1d70b8"/>',
        ]
    parts += [
        f'<text x="{left}" y="{height - 10}">absolute SMD (0 to {most:.2f}): hollow before, filled after '
        "matching</text>",
        "</svg>",
        "",
    ]
    return "\n".join(parts)
