"""Services suggested for a family: active ones serving a headline of the family's needs in the family's postcode
district (or everywhere). A role that may not see a sensitive need is never offered a match on it, so a
suggestion cannot reveal the need (``casework.access``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access as casework_access
from wholefamily.web.casework.journey.work.catalogue import family_headlines
from wholefamily.web.casework.models import Family
from wholefamily.web.directory import access, areas, needs
from wholefamily.web.directory.models import Service


@dataclass(frozen=True)
class Suggestion:
    service: Service
    matched: tuple[str, ...]  # headline labels


@dataclass(frozen=True)
class Suggested:
    district: str | None
    suggestions: list[Suggestion]


def for_family(user: User, family: Family) -> Suggested | None:
    """None when the user may not read the directory or the family's needs (the page then shows nothing)."""
    if not access.may_read(user) or casework_access.Section.NEEDS not in casework_access.sections_for(user):
        return None
    headlines = family_headlines(family, sensitive=casework_access.sees_sensitive(user))
    district = areas.district(family.postcode) if family.postcode else None
    labels = needs.labels()
    found = []
    for service in Service.objects.filter(active=True):
        matched = [h for h in service.headlines if h in headlines]
        in_area = not service.districts or (district is not None and district in service.districts)
        if matched and in_area:
            found.append(Suggestion(service, tuple(labels.get(h, h) for h in matched)))
    found.sort(key=lambda s: (-len(s.matched), s.service.kind != Service.Kind.FAMILY_HUB, s.service.name))
    return Suggested(district, found)


def for_request(request: HttpRequest, family: Family) -> Suggested | None:
    """``for_family`` for the signed-in user: the family pages' include (``directory/_suggested.html``) calls it."""
    user = request.user
    return for_family(user, family) if isinstance(user, User) else None
