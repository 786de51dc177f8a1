"""Style 2 of the partner extracts: the same people, needs and truth as style 1, written as other
councils' partners send their files (other formats, and shapes the style-1 configs were not written for).

Each partner's writer is in the module of its agency; ``notes/`` holds each extract's data dictionary as
the partner sends it. No source configs are written here: they are written apart, from the notes."""

from __future__ import annotations

from collections.abc import Callable

from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.partners.common import Context
from wholefamily.synthetic.style2 import dwp, education, health, housing, police, social_care, youth_justice

BUILDERS: tuple[Callable[[Context], Extract], ...] = (
    education.attendance,
    education.contacts,
    education.suspensions,
    police.incidents,
    youth_justice.offences,
    dwp.benefits,
    housing.rent_arrears,
    housing.tenancies,
    housing.homelessness,
    health.mental_health,
    health.substance_misuse,
    health.health_visiting,
    health.maternity,
    social_care.episodes,
)
