"""An algorithmic transparency record for the risk model, in the sections of the UK public sector's
Algorithmic Transparency Recording Standard (tier 1, the summary; tier 2, the detail). What wholefamily
knows is filled in from the evaluation; what only the council can say is left marked for it to write."""

from __future__ import annotations

from wholefamily.evidence.risk.features import FEATURES
from wholefamily.evidence.risk.run import RiskEvaluation

COUNCIL = "*[the council writes this]*"


def transparency_record(r: RiskEvaluation) -> str:
    s = r.settings
    model = r.metrics["model"]
    rule = r.metrics.get("priority order")
    flagged = [f"{g.attribute} ({g.measure.replace('_', ' ')}, gap {g.gap:.2f})" for g in r.gaps if g.flagged]
    comparison = (
        f"the priority order found {rule.recall_at_capacity:.0%} of them"
        if rule is not None
        else "the priority order could not be compared (no identify run on the test date)"
    )
    return "\n".join(
        [
            "# Algorithmic transparency record: escalation risk (wholefamily)",
            "",
            "## Tier 1: summary",
            "",
            "- **Name**: escalation-risk score (wholefamily), model version " + f"`{r.model_version}`.",
            "- **Description**: a score, for each family with a child and no child protection plan or care spell, of "
            f"the chance that a child has one within {s.horizon_days} days, from the records partners already "
            "share for the Supporting Families programme. It helps a coordinator notice families; it decides "
            "nothing.",
            f"- **Website and contact**: {COUNCIL}",
            "",
            "## Tier 2: detail",
            "",
            "### 1. Owner and responsibility",
            "",
            f"- Organisation, team and senior responsible owner: {COUNCIL}",
            "- Supplier: none; wholefamily is open-source software run by the council.",
            "",
            "### 2. Description and rationale",
            "",
            "- **How it works**: gradient boosting over the features below, trained on an earlier period and "
            "checked on a later one it never saw (a strict time split).",
            f"- **Features**: {'; '.join(label for label, _ in FEATURES.values())}.",
            f"- **Benefit, and how well it works**: on the latest check ({r.test.as_of} to {r.as_of}), among the "
            f"{s.capacity} families it scored highest, {model.precision_at_capacity:.0%} went on to escalate, and "
            f"it found {model.recall_at_capacity:.0%} of the families that did; {comparison}. "
            + (
                "It is clearly better than the alternatives."
                if r.clearly_better
                else "It is **not** clearly better than the alternatives, and should not be used."
            ),
            "- **Alternatives considered**: the transparent priority order (needs and headlines counted) and a "
            "plain logistic regression, compared on every check.",
            "",
            "### 3. Decision-making process",
            "",
            "- **Where it is used**: beside the family record in the casework site, as one piece of information "
            "for the coordinator, team managers and the family's keyworker: the score and its top factors, "
            "labelled as decision support. Off unless the council switches it on.",
            "- **Human decisions**: every decision about a family is made by people, with the family; the score "
            "and its top factors are shown with their limits.",
            f"- **Training, review and appeal**: {COUNCIL}",
            "",
            "### 4. Data",
            "",
            "- **Source**: partner extracts already shared for the programme (police, schools, children's and "
            "adults' services, housing, DWP), as each partner delivered them by the date of the score.",
            "- **Groups audited**: sex, ethnicity (as partners record it), age band of the youngest child, area.",
            f"- **Sharing, access and storage**: {COUNCIL}",
            "",
            "### 5. Risks and impact assessments",
            "",
            "- Escalation is recorded, not observed: families watched more closely are recorded more.",
            "- Fairness gaps beyond the tolerance on the latest check: "
            + (", ".join(flagged) or "none")
            + ".",
            f"- Data protection and equality impact assessments: {COUNCIL}",
            "",
        ]
    )
