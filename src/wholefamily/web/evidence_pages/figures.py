"""How the evidence pages write figures and the impact report's summary in words."""

from __future__ import annotations

from wholefamily.evidence.matching import BALANCED
from wholefamily.web.evidence_pages.reports import Estimate, ImpactReport


def signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def plain(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def interval(e: Estimate) -> str:
    return f"{signed(e.effect)} ({signed(e.low)} to {signed(e.high)})"


def verdict(passes: bool | None) -> str:
    """As the report words it (wholefamily.evidence.report.verdict)."""
    return "not judged" if passes is None else "passes" if passes else "fails"


def _reading(e: Estimate) -> str:
    if e.low is None or e.high is None:
        return "no interval could be estimated"
    if e.low <= 0 <= e.high:
        return "the interval covers 0, so no effect was shown (which is not to say there is none)"
    return "lower for the families worked with" if e.high < 0 else "higher for the families worked with"


def impact_summary(r: ImpactReport) -> list[str]:
    f = r.families
    balance = (
        f"every standardised mean difference is below {BALANCED}"
        if r.balanced
        else f"NOT every standardised mean difference is below {BALANCED}, so the groups still differ"
    )
    lines = [
        f"Families identified on {r.index_date:%-d %B %Y} (identify run {r.identify_run_id}), outcomes to "
        f"{r.window_end:%-d %B %Y}: {f.worked_with} worked with and {f.comparison} comparison families. "
        f"{f.matched} of the families worked with were matched to comparison families with the same headlines "
        f"of need; {f.unmatched} found no match and are left out of the estimates. After matching, {balance}.",
    ]
    lines += [
        f"{o.label}: {interval(o.matched)} with 95% interval; {_reading(o.matched)}." for o in r.outcomes
    ]
    failed = [
        f"{o.label} ({name})"
        for o in r.outcomes
        for name, check in (
            ("placebo treatment", o.placebo_treatment),
            ("random common cause", o.random_common_cause),
        )
        if check.passes is False
    ]
    lines.append(
        "Every refutation test that could be judged passes."
        if not failed
        else f"Refutation tests that fail: {', '.join(failed)}. Trust these estimates only once you know why."
    )
    return lines
