"""The risk model's report in ``reports/risk/<as-of>/``: the model card (Markdown), every figure (JSON),
the calibration plot (SVG), the algorithmic transparency record (Markdown) and the score log (``scores.csv``: every test family's score with the model
version, its place, whether it is among the families the team can take, and its top factors)."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict
from pathlib import Path

import numpy as np

from wholefamily.evidence.risk.features import FEATURES
from wholefamily.evidence.risk.metrics import Metrics
from wholefamily.evidence.risk.model import PARAMETERS
from wholefamily.evidence.risk.run import RiskEvaluation
from wholefamily.evidence.risk.settings import CLEARLY_BETTER
from wholefamily.evidence.risk.transparency import transparency_record
from wholefamily.reports import spreadsheet_row
from wholefamily.workspace import Workspace


def write_risk_report(workspace: Workspace, r: RiskEvaluation) -> list[Path]:
    folder = workspace.reports / "risk" / r.as_of.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        folder / "model-card.md",
        folder / "metrics.json",
        folder / "calibration.svg",
        folder / "scores.csv",
        folder / "transparency-record.md",
    ]
    paths[0].write_text(_card(r), "utf-8")
    paths[1].write_text(json.dumps(_clean(risk_json(r)), indent=2, allow_nan=False) + "\n", "utf-8")
    paths[2].write_text(_calibration_svg(r.metrics["model"]), "utf-8")
    _scores(paths[3], r)
    paths[4].write_text(transparency_record(r), "utf-8")
    return paths


def _clean(value: object) -> object:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def risk_json(r: RiskEvaluation) -> dict[str, object]:
    return {
        "model_version": r.model_version,
        "as_of": r.as_of.isoformat(),
        "train": {
            "as_of": r.train.as_of.isoformat(),
            "families": len(r.train.family_ids),
            "escalated": r.train_escalated,
        },
        "test": {
            "as_of": r.test.as_of.isoformat(),
            "families": len(r.test.family_ids),
            "escalated": int(r.test_y.sum()),
        },
        "settings": r.settings.model_dump(),
        "priority_identify_run": r.priority_run,
        "clearly_better_than_the_comparisons": r.clearly_better,
        "metrics": {name: asdict(m) for name, m in r.metrics.items()},
        "fairness": {"groups": [asdict(g) for g in r.groups], "gaps": [asdict(g) for g in r.gaps]},
    }


def _scores(path: Path, r: RiskEvaluation) -> None:
    order = np.lexsort((np.arange(r.scores.size), -r.scores))
    place = np.empty(r.scores.size, np.int64)
    place[order] = np.arange(1, r.scores.size + 1)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["model_version", "as_of", "family_id", "score", "place", "within_capacity", "top_factors"]
        )
        for k, family in enumerate(r.test.family_ids):
            writer.writerow(
                spreadsheet_row(
                    [
                        r.model_version,
                        r.test.as_of.isoformat(),
                        family,
                        f"{r.scores[k]:.6f}",
                        int(place[k]),
                        bool(r.chosen[k]),
                        "; ".join(r.factors[k]),
                    ]
                )
            )


def _pct(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.3f}"


def _card(r: RiskEvaluation) -> str:
    s = r.settings
    verdict = (
        "The model is clearly better than the comparisons on this hold-out (PR AUC higher by "
        f"{CLEARLY_BETTER} or more than each)."
        if r.clearly_better
        else "**The model is not clearly better than the transparent priority order or a plain logistic "
        "regression on this hold-out. Do not use it to decide who is offered help; the rule is as good and "
        "can be explained.**"
    )
    lines = [
        "# Model card: escalation risk (decision support only)",
        "",
        f"Model version `{r.model_version}`: gradient boosting (scikit-learn HistGradientBoostingClassifier, "
        f"{', '.join(f'{k} {v}' for k, v in PARAMETERS.items())}).",
        "",
        "## Intended use",
        "",
        "To help a coordinator notice families whose children may need a child protection plan or to come "
        f"into care within {s.horizon_days} days, among families with a child and no plan or care spell now. "
        "Never to decide on its own who is offered help or who is referred to children's social care; a "
        "practitioner's judgement and the family's own account come first. Off unless the council switches it "
        "on (risk-model.yaml).",
        "",
        "## Data and time split",
        "",
        f"- trained on {len(r.train.family_ids):,} families as of {r.train.as_of} ({r.train_escalated} escalated "
        f"by {r.test.as_of}), from the partner deliveries received by {r.test.as_of} only;",
        f"- tested on {len(r.test.family_ids):,} families as of {r.test.as_of} ({int(r.test_y.sum())} escalated "
        f"by {r.as_of});",
        "- features (each from the deliveries received by its as-of date, events up to that date): "
        + "; ".join(label for label, _ in FEATURES.values())
        + ".",
        "",
        "## Performance on the hold-out",
        "",
        verdict,
        "",
        f"| score | ROC AUC | PR AUC | Brier | precision in top {s.capacity} | recall in top {s.capacity} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in r.metrics.items():
        lines.append(
            f"| {name} | {_pct(m.roc_auc)} | {_pct(m.pr_auc)} | {_pct(m.brier)} | "
            f"{_pct(m.precision_at_capacity)} | {_pct(m.recall_at_capacity)} |"
        )
    if r.priority_run is None:
        lines.append(f"\nNo identify run as of {r.test.as_of}: the priority order could not be compared.")
    lines += [
        "",
        "Calibration (model; plot: calibration.svg):",
        "",
        "| mean predicted | share escalated | families |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {p:.3f} | {o:.3f} | {n} |" for p, o, n in r.metrics["model"].calibration]
    lines += [
        "",
        f"## Fairness audit (the {s.capacity} highest scores as the families chosen)",
        "",
        "Each family is described by its youngest child (sex, ethnicity as partners record it, age band) and "
        f"area (postcode district). Gaps are largest minus smallest group; flagged beyond {s.tolerance}. A rate "
        "with fewer than 10 families behind it is shown but not judged.",
        "",
        "| attribute | measure | gap | flagged |",
        "|---|---|---:|---|",
    ]
    lines += [
        f"| {g.attribute} | {g.measure.replace('_', ' ')} | {g.gap:.3f} | {'**yes**' if g.flagged else 'no'} |"
        for g in r.gaps
    ]
    lines += [
        "",
        "| attribute | group | families | escalated | selection rate | false positive rate | "
        "false negative rate |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {g.attribute} | {g.group} | {g.families} | {g.escalated} | {_pct(g.selection_rate)} | "
        f"{_pct(g.false_positive_rate)} | {_pct(g.false_negative_rate)} |"
        for g in r.groups
    ]
    lines += [
        "",
        "## Limits",
        "",
        "- It learns from recorded escalations: where a group is watched more closely, it is recorded more, and "
        "the model learns the watching as much as the risk.",
        "- Most families it flags will not escalate (see precision); most that escalate it will not flag (see "
        "recall).",
        "- It is trained on one earlier period and may not hold when services, thresholds or partners' "
        "recording change; it must be evaluated again with each new training.",
        "",
        "Scores with the model version and each family's top factors: scores.csv.",
        "",
    ]
    return "\n".join(lines)


def _calibration_svg(m: Metrics) -> str:
    size, pad = 300, 40
    most = max([0.05, *(max(p, o) for p, o, _ in m.calibration)])

    def at(value: float) -> float:
        return pad + size * value / most

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * pad}" height="{size + 2 * pad}" '
        'font-family="Arial, sans-serif" font-size="12">',
        "<title>Calibration: mean predicted against share escalated, by fifth of the scores</title>",
        f'<line x1="{pad}" y1="{size + pad}" x2="{size + pad}" y2="{pad}" stroke="#b1b4b6" stroke-dasharray="4 3"/>',
        f'<line x1="{pad}" y1="{size + pad}" x2="{size + pad}" y2="{size + pad}" stroke="#0b0c0c"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{size + pad}" stroke="#0b0c0c"/>',
    ]
    for p, o, _ in m.calibration:
        parts.append(f'<circle cx="{at(p):.1f}" cy="{size + 2 * pad - at(o):.1f}" r="5" fill="#1d70b8"/>')
    parts += [
        f'<text x="{pad}" y="{size + pad + 28}">mean predicted (0 to {most:.2f}); up: share escalated</text>',
        "</svg>",
        "",
    ]
    return "\n".join(parts)
