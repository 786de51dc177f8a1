"""The legal basis of each use of data, as the governance package reads it (the council's
``governance/legal_basis.yaml`` in the workspace, or the shipped default), and what it means for consent: the
site records consent only for what a use whose basis is consent asks for."""

from __future__ import annotations

from django.conf import settings

from wholefamily.governance.legal_basis import BasesInUse, load_legal_bases
from wholefamily.web.casework.models import Consent


def in_use() -> BasesInUse:
    return load_legal_bases(settings.GOVERNANCE_FOLDER)


def asked_purposes(bases: BasesInUse) -> list[tuple[str, str]]:
    """The consent purposes (value, label) the site asks for, in the model's order."""
    asked = bases.bases.consent_asked_for()
    return [(value, str(label)) for value, label in Consent.Purpose.choices if value in asked]


def not_asked(purpose: str, bases: BasesInUse) -> str | None:
    """Why consent for ``purpose`` is not recorded (no use relies on consent for it), or None when it is."""
    if purpose in bases.bases.consent_asked_for():
        return None
    label = str(dict(Consent.Purpose.choices).get(purpose, purpose)).lower()
    return (
        f"Consent {label} is not asked for: no use of the family's data relies on consent for it "
        "(see the legal basis of each use)"
    )
