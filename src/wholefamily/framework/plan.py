"""Local outcome plans: a council's file that changes a national framework's defaults.

A plan may override eligibility numbers, override a descriptor's window, fragments, kinds, evidence or
outcome measure or switch it on or off, and add local descriptors mapped to one of the framework's headlines. A plan is
checked as a whole when it is loaded; every problem is listed at once and nothing runs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from wholefamily.framework.compiler import check_framework
from wholefamily.framework.model import (
    Descriptor,
    Framework,
    FrameworkError,
    OutcomeMeasure,
    Strict,
    framework_from_dict,
    load_framework,
    load_yaml,
    pydantic_problems,
)


class DescriptorChange(Strict):
    enabled: bool | None = None
    label: str | None = None
    kinds: list[str] | None = None
    applies_to: Literal["child", "adult", "any"] | None = None
    lookback_days: int | None = Field(default=None, ge=0)
    where: str | None = None
    having: str | None = None
    evidence: list[str] | None = None
    #: replaces the default measure whole (the council's own, so never marked a default)
    outcome: OutcomeMeasure | None = None


class EligibilityChange(Strict):
    min_needs: int | None = Field(default=None, ge=1)
    min_headlines: int | None = Field(default=None, ge=1)
    non_resident_parent_max_needs: int | None = Field(default=None, ge=0)


class LocalPlan(Strict):
    framework: str
    council: str | None = None
    eligibility: EligibilityChange = EligibilityChange()
    descriptors: dict[str, DescriptorChange] = Field(default_factory=dict)
    local_descriptors: list[Descriptor] = Field(default_factory=list)


def apply_plan(fw: Framework, plan: LocalPlan, where: str) -> Framework:
    """The framework with the plan's changes, checked (fragments included); raises with every problem."""
    problems: list[str] = []
    if plan.framework != fw.id:
        problems.append(f"{where}: the plan is for framework {plan.framework!r}, not {fw.id!r}")
    known = {d.id: d for d in fw.descriptors}
    for did in plan.descriptors:
        if did not in known:
            problems.append(f"{where}: descriptors.{did}: unknown descriptor (known: {', '.join(known)})")
    descriptors = [
        _changed(d, plan.descriptors[d.id]) if d.id in plan.descriptors else d for d in fw.descriptors
    ]
    for local in plan.local_descriptors:
        if local.id in known:
            problems.append(f"{where}: local descriptor {local.id!r} has the id of a national descriptor")
        if local.headline not in fw.headline_ids:
            problems.append(
                f"{where}: local descriptor {local.id!r}: unknown headline {local.headline!r} "
                f"(headlines: {', '.join(fw.headline_ids)})"
            )
    descriptors += [
        d.model_copy(update={"default": False})
        for d in plan.local_descriptors
        if d.id not in known and d.headline in fw.headline_ids
    ]
    changes = {k: v for k, v in plan.eligibility.model_dump().items() if v is not None}
    data = fw.model_dump()
    data["eligibility"] = {**data["eligibility"], **changes}
    data["descriptors"] = [d.model_dump() for d in descriptors]
    try:
        merged = framework_from_dict(data, where)
        check_framework(merged)
    except FrameworkError as exc:
        problems += exc.problems
        merged = fw
    if problems:
        raise FrameworkError(problems)
    return merged


def _changed(d: Descriptor, change: DescriptorChange) -> Descriptor:
    update = {k: getattr(change, k) for k in DescriptorChange.model_fields if getattr(change, k) is not None}
    if change.outcome is not None:
        update["outcome"] = change.outcome.model_copy(update={"default": False})
    return d.model_copy(update=update)


def load_plan(path: Path) -> tuple[LocalPlan, str]:
    """The plan in a file and its SHA-256; raises FrameworkError with clear messages."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise FrameworkError([f"{path}: cannot read the plan ({exc.strerror})"]) from exc
    try:
        plan = LocalPlan.model_validate(load_yaml(path, text))
    except ValidationError as exc:
        raise FrameworkError(pydantic_problems(exc, str(path))) from exc
    return plan, hashlib.sha256(text.encode("utf-8")).hexdigest()


def framework_with_plan(name: str, plan_path: Path | None) -> tuple[Framework, str | None]:
    """The named framework, checked, with the plan applied when one is given (and the plan's hash)."""
    fw = load_framework(name)
    if plan_path is None:
        check_framework(fw)
        return fw, None
    plan, digest = load_plan(plan_path)
    return apply_plan(fw, plan, str(plan_path)), digest
