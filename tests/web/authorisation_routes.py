"""Every route of the site, from Django's URL resolver, and the requests the authorisation matrix makes to it.

``routes()`` walks the resolver (casework, accounts, the API, the admin site and whatever is added later), so
the matrix in ``test_authorisation_matrix.py`` covers a new route without anyone listing it. ``Records`` are
the rows path parameters point at: for each family of the access world, one of each thing a route can name
(an assessment, a goal, an action, a referral, a note, a consent, a member of the team around the family),
the claims rows the claims routes name, and the rows of the directory, exports, workforce and governance
routes (``Records.other``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Team
from wholefamily.web.casework.journey.work.catalogue import catalogue
from wholefamily.web.casework.models import (
    Assessment,
    AuditSample,
    CaseNote,
    ClaimCandidate,
    ClaimSignOff,
    Consent,
    Document,
    Family,
    InterventionReferral,
    PlanAction,
    PlanGoal,
    SampledClaim,
    TeamMember,
)
from wholefamily.web.directory.models import Service
from wholefamily.web.exports.models import Export
from wholefamily.web.workforce.models import CaseAudit, Supervision, SupervisionAction

PERIOD = "2026Q3"
#: The families whose records path parameters name (``web_world.FAMILIES`` less ``withdrawn``, which no
#: principal below needs).
RECORD_FAMILIES = ("north", "south", "unallocated", "not_eligible")


@dataclass(frozen=True)
class Route:
    """One URL pattern, as written in the URL configuration (``families/<int:pk>/``), joined with its
    prefixes; ``params`` are its path parameters in order."""

    pattern: str
    params: tuple[str, ...]

    def url(self, values: dict[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            return values[match.group("name")]

        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, self.pattern)  # regular expressions first
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, path)
        return "/" + path.replace("^", "").replace("$", "")


def _names(pattern: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)]


def routes() -> list[Route]:
    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[Route]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            else:
                pattern = prefix + str(entry.pattern)
                yield Route(pattern=pattern, params=tuple(_names(pattern)))

    found = list(walk(get_resolver().url_patterns, ""))
    return sorted(set(found), key=lambda route: route.pattern)


@dataclass
class Records:
    """What path parameters point at, by family name."""

    world: World
    by_family: dict[str, dict[str, int]]
    claims: dict[str, int]
    admin: dict[str, str]
    #: The rows of routes outside the families' records: a directory service, the principal's export, a
    #: supervision session (of ``kw_north``, with an action they own) and a case audit (of ``north``).
    other: dict[str, str]


def build_records(world: World, principal: str | None = None) -> Records:
    """The records, with the export asked for by the user ``principal`` (by ``kw_north`` for no one)."""
    today = dt.date.today()
    by_family: dict[str, dict[str, int]] = {}
    for name in RECORD_FAMILIES:
        family: Family = world.families[name]
        parent = world.people[f"{name}_parent"]
        assessment = Assessment.objects.create(family=family, started_on=today)
        goal = PlanGoal.objects.create(family=family, headline="education", goal="Going to school every day")
        action = PlanAction.objects.create(goal=goal, action="Walk to school", owner="Parent", due_on=today)
        referral = InterventionReferral.objects.create(
            family=family, person=parent, intervention_id=catalogue()[0].id, referred_on=today
        )
        note = CaseNote.objects.create(family=family, kind=CaseNote.Kind.NOTE, happened_on=today, note="Met")
        consent = Consent.objects.create(
            family=family,
            given_by=parent,
            purpose=Consent.Purpose.SHARE,
            agency="health",
            given_on=today,
            how=Consent.How.WRITTEN,
        )
        document = Document.objects.create(
            family=family,
            kind=Document.Kind.choices[0][0],
            title="Signed consent",
            original_name="consent.pdf",
            file_type=Document.FileType.choices[0][0],
            size=1,
            sha256="0" * 64,
            stored_name="not-on-disk.pdf",
        )
        member, _ = TeamMember.objects.get_or_create(
            family=family, practitioner=world.users["police"], defaults={"agency": "police"}
        )
        by_family[name] = {
            "family": family.pk,
            "person": parent.pk,
            "assessment": assessment.pk,
            "goal": goal.pk,
            "action": action.pk,
            "referral": referral.pk,
            "note": note.pk,
            "consent": consent.pk,
            "member": member.pk,
            "document": document.pk,
            "worker": (family.lead_practitioner or world.users["kw_north"]).pk,
        }
    candidate = ClaimCandidate.objects.create(
        family=world.families["north"], period=PERIOD, status="claimable", claims_run="claims-1"
    )
    sign_off = ClaimSignOff.objects.create(
        family=world.families["north"], period=PERIOD, signed_off_by=world.users["coordinator"]
    )
    sample = AuditSample.objects.create(period=PERIOD, size=1, seed=1, drawn_by=world.users["auditor"])
    sampled = SampledClaim.objects.create(sample=sample, sign_off=sign_off, stratum="education", position=1)
    team = Team.objects.get(name="North")
    entry = AuditEntry.objects.create(username="kw_north", action=AuditEntry.Action.VIEW)
    service = Service.objects.create(name="Family support", organisation="Council", description="Support")
    export = Export.objects.create(
        user=world.users[principal or "kw_north"],
        list_name="families",
        format="csv",
        reason="Matrix",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    supervision = Supervision.objects.create(
        worker=world.users["kw_north"], supervisor=world.users["manager_north"], held_on=today, next_on=today
    )
    supervision_action = SupervisionAction.objects.create(
        supervision=supervision, action="Read the plan", owner=world.users["kw_north"], due_on=today
    )
    case_audit = CaseAudit.objects.create(
        family=world.families["north"], auditor=world.users["manager_north"], audited_on=today
    )
    return Records(
        world=world,
        by_family=by_family,
        claims={"candidate": candidate.pk, "sample": sample.pk, "sampled": sampled.pk},
        admin={
            "user": str(world.users["kw_north"].pk),
            "team": str(team.pk),
            "auditentry": str(entry.pk),
            "team_type": str(ContentType.objects.get_for_model(Team).pk),
        },
        other={
            "directory/": str(service.pk),
            "exports/": str(export.pk),
            "workforce/supervision/": str(supervision.pk),
            "workforce/audits/": str(case_audit.pk),
            "workforce/actions/": str(supervision_action.pk),
            "person": str(world.people["north_parent"].warehouse_id),
        },
    )


#: A path parameter of a family's own record: the record of that kind, by the parameter's name.
FAMILY_RECORD_PARAMS = {
    "member_pk": "member",
    "consent_pk": "consent",
    "consent_id": "consent",
    "assessment_pk": "assessment",
    "assessment_id": "assessment",
    "goal_pk": "goal",
    "goal_id": "goal",
    "action_pk": "action",
    "action_id": "action",
    "referral_pk": "referral",
    "referral_id": "referral",
    "note_pk": "note",
    "note_id": "note",
    "worker_pk": "worker",
    "document_pk": "document",
    "family_pk": "family",
}

#: The route prefixes whose ``pk`` names a family's record (or a person); elsewhere it names a row of the
#: route's own app (``Records.other``, by the longest prefix of the route).
FAMILY_PK_PREFIXES = ("families/", "people/", "api/")


def _other_pk(route: Route, records: Records) -> str:
    prefixes = [p for p in records.other if route.pattern.startswith(p)]
    if not prefixes:
        raise MissingParameter(f"Route {route.pattern!r}: no row for its pk in Records.other")
    return records.other[max(prefixes, key=len)]


def _admin_object(route: Route, records: Records) -> str:
    """An existing row of the admin page's model (a missing one for models nobody needs to open)."""
    model = route.pattern.split("/")[2] if route.pattern.count("/") > 2 else ""
    return records.admin.get(model, "999999")


#: Path parameters that name no family record, by name: how to fill them.
OTHER_PARAMS: dict[str, Callable[[Route, Records], str]] = {
    "intervention_id": lambda route, records: catalogue()[0].id,
    "period": lambda route, records: PERIOD,
    "candidate_pk": lambda route, records: str(records.claims["candidate"]),
    "candidate_id": lambda route, records: str(records.claims["candidate"]),
    "quarter": lambda route, records: PERIOD,
    # Indicators, insight and maturity: names of their tables, dashboards and statements (a missing one
    # answers 404 to everyone, which the table says; each app's own tests open real ones).
    "date": lambda route, records: "2026-09-30",
    "name": lambda route, records: "families",
    "slug": lambda route, records: "caseloads",
    "figure": lambda route, records: "caseload",
    "fmt": lambda route, records: "csv",
    "key": lambda route, records: "no-such-statement",
    "area_key": lambda route, records: "no-such-area",
    "document": lambda route, records: "model-card",
    "sample_pk": lambda route, records: str(records.claims["sample"]),
    "sampled_pk": lambda route, records: str(records.claims["sampled"]),
    "object_id": _admin_object,
    "content_type_id": lambda route, records: records.admin["team_type"],
    "app_label": lambda route, records: "accounts",
    "url": lambda route, records: "no-such-page/",
    "pk": _other_pk,
    "kind": lambda route, records: "html" if route.pattern.startswith("governance/") else "supervision",
    # The closure feedback link's page: a token that is not a signed one (test_family_voice.py makes real ones).
    "token": lambda route, records: "not-a-signed-token",
    # Subject access: a person of the casework site by warehouse id, and a copy of a pack no folder holds.
    "person": lambda route, records: records.other["person"],
    "copy": lambda route, records: "redacted",
}


def names_a_family(route: Route) -> bool:
    """Whether the route's parameters name a family or one of its records (so another team's is refused)."""
    return any(_family_param(route, param) for param in route.params)


def _family_param(route: Route, param: str) -> str | None:
    """The kind of family record a parameter names, or None."""
    if route.pattern.startswith("admin/"):
        return "user" if param == "id" else None
    if param in ("pk", "id"):
        if not route.pattern.startswith(FAMILY_PK_PREFIXES):
            return None
        return "person" if "people/" in route.pattern else "family"
    return FAMILY_RECORD_PARAMS.get(param)


class MissingParameter(LookupError):
    pass


def fill(route: Route, records: Records, family: str, records_of: str | None = None) -> str:
    """The route's URL with its parameters naming ``family`` and, for its sub-records, ``records_of``
    (another family's, to check a record is looked up within the family named; default the same)."""
    values: dict[str, str] = {}
    for param in route.params:
        kind = _family_param(route, param)
        if kind == "user":
            values[param] = records.admin["user"]
        elif kind in ("family", "person"):
            values[param] = str(records.by_family[family][kind])
        elif kind is not None:
            values[param] = str(records.by_family[records_of or family][kind])
        elif param in OTHER_PARAMS:
            values[param] = OTHER_PARAMS[param](route, records)
        else:
            raise MissingParameter(
                f"Route {route.pattern!r}: no value for its path parameter {param!r}. Add it to "
                "FAMILY_RECORD_PARAMS (a record of a family) or OTHER_PARAMS in tests/web/authorisation_routes.py."
            )
    return route.url(values)
