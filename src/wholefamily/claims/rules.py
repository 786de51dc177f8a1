"""The claim rules as data: the shipped defaults (``framework/data/claims-<framework>.yaml``), optionally
overridden by a council's local file, checked on load.

Each rule is named and explained in the file; the code gives each name its test (``claims/evaluate.py``),
so a file can relabel, re-explain or switch a rule off but not invent one. A local file is merged over the
defaults (settings one by one, rules one by one), and the result is no longer labelled a default.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wholefamily.claims.errors import ClaimsError
from wholefamily.framework.model import FrameworkError, load_yaml, pydantic_problems

RuleId = Literal[
    "payment_by_results",
    "in_scope",
    "identified",
    "lead_practitioner",
    "assessment",
    "plan",
    "closed",
    "sustained",
    "outcomes_met",
    "not_claimed_before",
]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    earned_autonomy: bool
    min_needs: int = Field(ge=1)
    count: Literal["needs", "headlines"]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    why: str
    enabled: bool = True


class ClaimRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    framework: str
    default: bool = False
    settings: Settings
    rules: dict[RuleId, Rule]
    files: list[str] = Field(default_factory=list)  # what was read, defaults first
    sha256: str = ""

    def enabled(self) -> list[RuleId]:
        return [r for r, rule in self.rules.items() if rule.enabled]


def load_rules(framework: str, local: Path | None = None) -> ClaimRules:
    """The default rules of the framework, with a local file's changes over them."""
    name = f"claims-{framework}.yaml"
    source = resources.files("wholefamily.framework").joinpath(f"data/{name}")
    if not source.is_file():
        raise ClaimsError(f"no claim rules for framework {framework} ({name})")
    texts = [(name, source.read_text("utf-8"))]
    data = _mapping(*texts[0])
    if local is not None:
        try:
            texts.append((str(local), local.read_text("utf-8")))
        except OSError as exc:
            raise ClaimsError(f"{local}: cannot read the local claim rules ({exc.strerror})") from exc
        data = _merge(data, _mapping(*texts[-1]), str(local))
    data["files"] = [n for n, _ in texts]
    data["sha256"] = hashlib.sha256("".join(t for _, t in texts).encode()).hexdigest()
    try:
        rules = ClaimRules.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(pydantic_problems(exc, texts[-1][0]))
        raise ClaimsError(f"the claim rules are not valid:\n{problems}") from exc
    missing = [r for r in get_args(RuleId) if r not in rules.rules]
    if missing:
        raise ClaimsError(f"{name}: rules {', '.join(missing)} are not described")
    return rules


def _mapping(where: str, text: str) -> dict[str, object]:
    try:
        return load_yaml(where, text)
    except FrameworkError as exc:
        raise ClaimsError("; ".join(exc.problems)) from exc


def _merge(base: dict[str, object], local: dict[str, object], where: str) -> dict[str, object]:
    """The local file over the defaults: each setting, and each rule's fields, replaced one by one."""
    if local.get("framework", base["framework"]) != base["framework"]:
        raise ClaimsError(f"{where}: framework {local['framework']} is not {base['framework']}")
    unknown = [k for k in local if k not in ("framework", "settings", "rules")]
    if unknown:
        raise ClaimsError(f"{where}: unknown keys {', '.join(unknown)} (settings and rules may be changed)")
    merged = dict(base, default=False)
    for part in ("settings", "rules"):
        given = local.get(part) or {}
        if not isinstance(given, dict):
            raise ClaimsError(f"{where}: {part} must be a mapping")
        shipped = base[part]
        ours: dict[str, object] = dict(shipped) if isinstance(shipped, dict) else {}
        for key, value in given.items():
            old = ours.get(key)
            ours[key] = dict(old, **value) if isinstance(old, dict) and isinstance(value, dict) else value
        merged[part] = ours
    return merged
