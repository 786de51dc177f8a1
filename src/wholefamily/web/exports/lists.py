"""The lists a user may export, each as its page shows it to that user: the same access rules and the same
filters (the page's query string), read again when the job runs. A list names its columns and yields rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict

from wholefamily.ingest.quarantine import HEADER as QUARANTINE_HEADER
from wholefamily.ingest.quarantine import quarantine_rows
from wholefamily.linkage.review import EXPORT_HEADER as REVIEW_HEADER
from wholefamily.linkage.review import review_rows
from wholefamily.reports import Cell
from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework import access
from wholefamily.web.casework.claims import signoff
from wholefamily.web.casework.journey.front_door import team_families
from wholefamily.web.casework.record import family_lists, search
from wholefamily.web.casework.record.forms import FamilyFilterForm, SearchForm
from wholefamily.workspace import Workspace

#: An export lists everything its filters find (the search page shows the first ``search.LIMIT``).
NO_LIMIT = 10_000_000


class ListError(Exception):
    """The filters do not make a list (a search that is not valid, a period that does not exist)."""


@dataclass(frozen=True)
class Rows:
    total: int
    rows: Iterable[Sequence[Cell]]


@dataclass(frozen=True)
class ExportList:
    name: str
    title: str
    #: The page of the list (a URL name), to go back to.
    page: str
    header: tuple[str, ...]
    #: Whether the user's role may see the list at all.
    allowed: Callable[[User], bool]
    #: The rows for the user with these filters (raises ``ListError``).
    rows: Callable[[User, QueryDict], Rows]


def _name(user: User | None) -> str:
    return str(user) if user else ""


def _families(user: User, filters: QueryDict) -> Rows:
    """The home page's lists (every one of them, named), as the role sees them."""
    lists = family_lists.lists_for(user)
    if user.role in (Role.COORDINATOR, Role.DATA_MANAGER):
        heading, families, empty = lists[0]
        lists = [(heading, FamilyFilterForm(filters).apply(families), empty)]
    needs = access.Section.NEEDS in access.sections_for(user)
    listed = [(heading, list(family_lists.rows(families))) for heading, families, _ in lists]
    headlines = family_lists.headlines_of([f.pk for _, fs in listed for f in fs]) if needs else {}

    def rows() -> Iterator[Sequence[Cell]]:
        for heading, families in listed:
            for f in families:
                yield (
                    heading,
                    f.reference,
                    f.get_status_display(),
                    f.priority,
                    _name(f.lead_practitioner),
                    f.team.name if f.team else "",
                    f.members,  # type: ignore[attr-defined]
                    "; ".join(headlines.get(f.pk, [])),
                )

    return Rows(sum(len(fs) for _, fs in listed), rows())


def _people(user: User, filters: QueryDict) -> Rows:
    """The people a search finds (all of them, not only the page's first hundred)."""
    form = SearchForm(filters)
    if not form.is_valid():
        raise ListError(" ".join(str(e) for e in form.errors.get("q") or []) or "Search for something first.")
    people = search.find(user, form.cleaned_data["q"], limit=NO_LIMIT).people
    return Rows(
        len(people),
        (
            (
                p.first_name,
                p.surname,
                p.date_of_birth,
                p.postcode,
                "; ".join(
                    f"{m.family.reference}: {m.get_role_display()}"
                    for m in p.visible_memberships  # type: ignore[attr-defined]
                ),
            )
            for p in people
        ),
    )


def _team_families(user: User, filters: QueryDict) -> Rows:
    """The team's families with the dashboard list's filters and order."""
    chosen = team_families.TeamFamiliesForm(user, filters or None).chosen()
    found = team_families.with_headlines(user, team_families.team_families(user, chosen, dt.date.today()))
    return Rows(
        len(found),
        (
            (
                r.family.reference,
                r.family.get_status_display(),
                r.level_label,
                _name(r.family.lead_practitioner),
                r.review_due,
                r.opened_on,
                "; ".join(r.headlines),
            )
            for r in found
        ),
    )


def _claims(user: User, filters: QueryDict) -> Rows:
    """A period's claim candidates as the coordinator reviews them."""
    period = filters.get("period", "")
    if not signoff.valid_period(period) or period not in signoff.periods():
        raise ListError("There are no claims for that period.")
    rows = signoff.review_rows(period)
    return Rows(
        len(rows),
        (
            (
                r.candidate.family.reference,
                period,
                r.candidate.get_status_display(),
                r.candidate.needs,
                r.candidate.headlines,
                "; ".join(reason.get("reason", "") for reason in r.candidate.reasons),
                "yes" if r.sign_off else "",
            )
            for r in rows
        ),
    )


def _quarantine(user: User, filters: QueryDict) -> Rows:
    """The rows the latest ingest did not accept, from the workspace's warehouse."""
    total, rows = quarantine_rows(Workspace(settings.WORKSPACE))
    return Rows(total, rows)


def _review_queue(user: User, filters: QueryDict) -> Rows:
    """The clerical review queue of the last link run, from the workspace's warehouse."""
    rows = review_rows(Workspace(settings.WORKSPACE))
    return Rows(len(rows), rows)


def _runs_the_pipeline(user: User) -> bool:
    """The quarantine and the review queue hold partners' records as delivered: the data manager's."""
    return user.is_active and user.role == Role.DATA_MANAGER


def _may_see_families(user: User) -> bool:
    return user.role != Role.ADMINISTRATOR and bool(access.sections_for(user))


LISTS: dict[str, ExportList] = {
    e.name: e
    for e in (
        ExportList(
            "families",
            "Families",
            "casework:home",
            ("list", "reference", "status", "priority", "lead_practitioner", "team", "members", "needs"),
            _may_see_families,
            _families,
        ),
        ExportList(
            "people",
            "Search results: people",
            "casework:search",
            ("first_name", "surname", "date_of_birth", "postcode", "families"),
            _may_see_families,
            _people,
        ),
        ExportList(
            "team-families",
            "Team families",
            "casework:front_door_team_families",
            ("reference", "status", "level_of_need", "lead_practitioner", "review_due", "opened_on", "needs"),
            access.may_view_caseloads,
            _team_families,
        ),
        ExportList(
            "claims",
            "Claim candidates",
            "casework:claims_home",
            ("reference", "period", "status", "needs", "headlines", "reasons", "signed_off"),
            access.may_sign_off_claims,
            _claims,
        ),
        ExportList(
            "quarantine",
            "Quarantine",
            "exports:downloads",
            QUARANTINE_HEADER,
            _runs_the_pipeline,
            _quarantine,
        ),
        ExportList(
            "review-queue",
            "Clerical review queue",
            "exports:downloads",
            REVIEW_HEADER,
            _runs_the_pipeline,
            _review_queue,
        ),
    )
}
