"""Family formation: family units at a reference date from linked people, with stable ids."""

from wholefamily.families.accuracy import FamilyAccuracy, family_accuracy
from wholefamily.families.errors import FormationError
from wholefamily.families.evidence import FormationSettings
from wholefamily.families.formation import FamilySummary, form_families
from wholefamily.families.membership import members_on

__all__ = [
    "FamilyAccuracy",
    "FamilySummary",
    "FormationError",
    "FormationSettings",
    "family_accuracy",
    "form_families",
    "members_on",
]
