"""The council's switch for the risk model: ``risk-model.yaml`` in the workspace. Without the file, or
with ``enabled: false``, the model does not run."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wholefamily.evidence.errors import EvidenceError

#: how much higher the model's PR AUC must be than the best comparison's to be called clearly better
CLEARLY_BETTER = 0.02

FILE = "risk-model.yaml"


class RiskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    capacity: int = Field(50, ge=1, description="Families the team can take: the scores acted on.")
    tolerance: float = Field(0.1, gt=0, lt=1, description="A fairness gap beyond this is flagged.")
    horizon_days: int = Field(
        182, ge=30, le=730, description="Days after the as-of date escalation is predicted for."
    )


def read_settings(root: Path) -> RiskSettings:
    path = root / FILE
    if not path.is_file():
        raise EvidenceError(
            f"the risk model is off: a council switches it on in {path} (enabled: true), after reading "
            "docs/evidence.md on what it can and cannot do"
        )
    try:
        settings = RiskSettings.model_validate(yaml.safe_load(path.read_text("utf-8")) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        raise EvidenceError(f"{path}: {exc}") from exc
    if not settings.enabled:
        raise EvidenceError(f"the risk model is off ({path} says enabled: false)")
    return settings
