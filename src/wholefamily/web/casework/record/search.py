"""Search for people and families by name, date of birth, postcode, family reference or warehouse id, among
those the user may open (the search page audits every search with its query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.access import families_for, people_for
from wholefamily.web.casework.models import Family, Membership, Person
from wholefamily.web.casework.record.search_query import Kind, SearchQuery

#: At most this many people and this many families are listed; the page asks for a narrower search beyond.
LIMIT = 100


@dataclass
class Results:
    people: list[Person]
    families: list[Family]
    more: bool


def _name_filter(names: tuple[str, ...]) -> Q:
    if len(names) == 1:
        return Q(first_name__istartswith=names[0]) | Q(surname__istartswith=names[0])
    return Q(first_name__istartswith=names[0], surname__istartswith=names[-1]) | Q(
        surname__istartswith=" ".join(names)
    )


def _matches(query: SearchQuery) -> tuple[Q | None, Q | None]:
    """Filters on people and on families for ``query``; None where it cannot match that kind of record."""
    ids = {query.warehouse_id, query.warehouse_id.upper()} if query.warehouse_id else set()
    by_id = Q(warehouse_id__in=ids) if ids else None
    if query.kind == Kind.REFERENCE:
        return None, Q(pk=query.family_pk)
    if query.kind == Kind.DATE_OF_BIRTH:
        return Q(date_of_birth=query.date_of_birth), None
    if query.kind == Kind.POSTCODE:
        postcodes = {query.postcode, query.postcode.replace(" ", "")}
        return Q(postcode__in=postcodes), Q(postcode__in=postcodes)
    if query.kind == Kind.NAME:
        names = _name_filter(query.names)
        return (names | by_id if by_id else names), by_id
    return by_id, by_id


def find(user: User, query: SearchQuery, limit: int = LIMIT) -> Results:
    """The people and the families ``query`` finds among those ``user`` may open (``limit`` of each: an
    export asks for all)."""
    people_filter, family_filter = _matches(query)
    visible_families = families_for(user)
    people: list[Person] = []
    families: list[Family] = []
    if people_filter is not None:
        memberships = Membership.objects.filter(family__in=visible_families).select_related("family")
        people = list(
            people_for(user)
            .filter(people_filter)
            .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="visible_memberships"))
            .order_by("surname", "first_name", "pk")[: limit + 1]
        )
    if family_filter is not None:
        families = list(
            visible_families.filter(family_filter)
            .select_related("lead_practitioner")
            .order_by("pk")[: limit + 1]
        )
    more = len(people) > limit or len(families) > limit
    return Results(people[:limit], families[:limit], more)
