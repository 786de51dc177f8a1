"""The authorisation matrix: every route of the site (walked from the URL configuration), for a user of every
role and for someone not signed in, by GET and by POST, answers as ``ACCESS`` says.

A route with no entry in ``ACCESS`` fails the test, so a new page cannot ship without its access rule. (PATCH
and DELETE, which only the API offers, are checked in its own tests.) For a
route that names a family or one of its records, the path parameters name the principal's own family (the
family the role may open, ``web_world.EXPECTED``) and then another team's family, which must be refused
whatever ``ACCESS`` says; a sub-record (a note, a goal, …) of another family under one's own family is refused
too. Each request is rolled back, so no POST changes what the next request finds.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from authorisation_routes import Records, Route, build_records, fill, names_a_family, routes
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import Role

ANONYMOUS = "anonymous"
#: The user of the access world who stands for each role, with the family they may open (their own team's)
#: and one of another team they may not (None: the role may open every family).
PRINCIPALS: dict[str, tuple[str | None, str, str | None]] = {
    Role.KEYWORKER: ("kw_north", "north", "south"),
    Role.FRONT_DOOR: ("front_door", "unallocated", "south"),
    Role.TEAM_MANAGER: ("manager_north", "north", "south"),
    Role.COORDINATOR: ("coordinator", "north", None),
    Role.DATA_MANAGER: ("data_manager", "north", None),
    Role.PARTNER: ("school", "north", "south"),
    Role.AUDITOR: ("auditor", "north", "not_eligible"),
    Role.ADMINISTRATOR: ("admin", "north", None),
    ANONYMOUS: (None, "north", None),
}

LET_IN = "let in"
REFUSED = "refused"
NO_SUCH_METHOD = "no such method"


def outcome(response: HttpResponse) -> str:
    """What an answer means for access: let in (whatever it then said: a page, a form's errors, a conflict),
    refused (401, 403, 404 or sent to sign in first, ``?next=`` back) or the method is not offered (405)."""
    status = response.status_code
    assert status < 500, f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}: {status}"
    location = response.get("Location", "")
    sign_in_first = "/sign-in/?next=" in location or "/admin/login/?next=" in location
    if status in (401, 403, 404) or (status == 302 and sign_in_first):
        return REFUSED
    return NO_SUCH_METHOD if status == 405 else LET_IN


def call(client: Client, method: str, url: str) -> str:
    """One request, rolled back, with the client's cookies as they were (signing out changes them)."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = client.post(url, data={})
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome(response)


KEYWORKER, FRONT_DOOR, TEAM_MANAGER, COORDINATOR = "keyworker", "front_door", "team_manager", "coordinator"
DATA_MANAGER, PARTNER, AUDITOR, ADMINISTRATOR = "data_manager", "partner", "auditor", "administrator"

NOBODY: frozenset[str] = frozenset()
SIGNED_IN = frozenset(Role.values)
EVERYONE = SIGNED_IN | {ANONYMOUS}
#: Those who open a family's record (``access.families_for``); the administrator opens none.
RECORD = SIGNED_IN - {ADMINISTRATOR}
#: The casework (journey) section read: ``access.SECTIONS``.
JOURNEY = frozenset({KEYWORKER, FRONT_DOOR, TEAM_MANAGER, COORDINATOR, PARTNER})
PLAN_AND_CLOSURE = JOURNEY | {AUDITOR}
#: Those who record casework steps (``access.may_change_casework``).
CASEWORKERS = frozenset({KEYWORKER, TEAM_MANAGER, COORDINATOR})
#: Those who record a contact (``access.may_add_case_note``).
CONTACTS = CASEWORKERS | {PARTNER}
REFERRERS = CASEWORKERS | {FRONT_DOOR}
TRIAGE = frozenset({FRONT_DOOR, TEAM_MANAGER, COORDINATOR})
MANAGERS = frozenset({TEAM_MANAGER, COORDINATOR})
CLAIMS = frozenset({COORDINATOR, AUDITOR})
#: The figures across families: indicators and insight.
INSIGHT = MANAGERS | {DATA_MANAGER}
ONLY_COORDINATOR, ONLY_AUDITOR = frozenset({COORDINATOR}), frozenset({AUDITOR})
#: A note is amended by its author or the manager of the family's team (the fixture's note has no author).
ONLY_TEAM_MANAGER = frozenset({TEAM_MANAGER})
#: The administration site: the administrator manages accounts and teams.
ADMIN_SITE = frozenset({ADMINISTRATOR})
#: The directory of services: read by those who work with families, kept by the coordinator and data manager.
DIRECTORY_EDITORS = frozenset({COORDINATOR, DATA_MANAGER})
DIRECTORY_READERS = DIRECTORY_EDITORS | {KEYWORKER, FRONT_DOOR, TEAM_MANAGER, PARTNER}
#: Supervision, case audits and training (``workforce/access.py``): workers read their own, managers their team's.
WORKFORCE = frozenset({KEYWORKER, FRONT_DOOR, TEAM_MANAGER, COORDINATOR})
#: A supervision session or case audit of ``kw_north`` (and the north family they lead), with an action they
#: own: the worker, the manager of their team and the coordinator.
WORKFORCE_RECORD = frozenset({KEYWORKER, TEAM_MANAGER, COORDINATOR})
#: The data sharing agreements (``governance/access.py``).
AGREEMENTS = frozenset({COORDINATOR, DATA_MANAGER})


#: Every route of the site, as written in the URL configuration, with who is let in by GET and by POST; everyone else is refused (or
#: the method is not offered). A route that names a
#: family is checked with the principal's own family: another team's is always refused.
ACCESS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "": (SIGNED_IN, SIGNED_IN),
    "accounts/sign-in/": (EVERYONE, EVERYONE),
    "accounts/sign-out/": (NOBODY, SIGNED_IN),
    "admin/": (ADMIN_SITE, ADMIN_SITE),
    # The admin site's catch-all: a page that does not exist, for everyone.
    "admin/(?P<url>.*)$": (NOBODY, NOBODY),
    "admin/^(?P<app_label>axes|accounts)/$": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/auditentry/": (NOBODY, NOBODY),
    # A redirect to the entry's change page, which refuses the administrator (the audit trail is not theirs).
    "admin/accounts/auditentry/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/auditentry/<path:object_id>/change/": (NOBODY, NOBODY),
    "admin/accounts/auditentry/<path:object_id>/delete/": (NOBODY, NOBODY),
    "admin/accounts/auditentry/<path:object_id>/history/": (NOBODY, NOBODY),
    "admin/accounts/auditentry/add/": (NOBODY, NOBODY),
    "admin/accounts/team/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/team/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/team/<path:object_id>/change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/team/<path:object_id>/delete/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/team/<path:object_id>/history/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/team/add/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/<id>/password/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/<path:object_id>/change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/<path:object_id>/delete/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/<path:object_id>/history/": (ADMIN_SITE, ADMIN_SITE),
    "admin/accounts/user/add/": (ADMIN_SITE, ADMIN_SITE),
    "admin/autocomplete/": (NOBODY, NOBODY),
    "admin/axes/accessattempt/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessattempt/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessattempt/<path:object_id>/change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessattempt/<path:object_id>/delete/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessattempt/<path:object_id>/history/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessattempt/add/": (NOBODY, NOBODY),
    "admin/axes/accessfailurelog/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessfailurelog/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessfailurelog/<path:object_id>/change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessfailurelog/<path:object_id>/delete/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessfailurelog/<path:object_id>/history/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accessfailurelog/add/": (NOBODY, NOBODY),
    "admin/axes/accesslog/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accesslog/<path:object_id>/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accesslog/<path:object_id>/change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accesslog/<path:object_id>/delete/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accesslog/<path:object_id>/history/": (ADMIN_SITE, ADMIN_SITE),
    "admin/axes/accesslog/add/": (NOBODY, NOBODY),
    "admin/jsi18n/": (ADMIN_SITE, NOBODY),
    "admin/login/": (EVERYONE, EVERYONE),
    # Signing out of the admin site is by POST; others are sent back to the site's front page.
    "admin/logout/": (RECORD, SIGNED_IN),
    "admin/password_change/": (ADMIN_SITE, ADMIN_SITE),
    "admin/password_change/done/": (ADMIN_SITE, NOBODY),
    "admin/r/<path:content_type_id>/<path:object_id>/": (NOBODY, NOBODY),
    "api/": (EVERYONE, EVERYONE),
    "api/caseloads/": (MANAGERS, NOBODY),
    "api/dashboard/": (MANAGERS, NOBODY),
    "api/families/": (SIGNED_IN, REFERRERS),
    "api/families/<str:id>/": (RECORD, NOBODY),
    "api/families/<str:id>/allocation/": (NOBODY, MANAGERS),
    "api/families/<str:id>/assessments/": (JOURNEY, CASEWORKERS),
    "api/families/<str:id>/assessments/<str:assessment_id>/complete/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/assessments/<str:assessment_id>/family-view/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/assessments/<str:assessment_id>/members/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/assessments/<str:assessment_id>/needs/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/case-notes/": (JOURNEY, CONTACTS),
    "api/families/<str:id>/case-notes/<str:note_id>/amendments/": (NOBODY, ONLY_TEAM_MANAGER),
    "api/families/<str:id>/closure/": (PLAN_AND_CLOSURE, CASEWORKERS),
    "api/families/<str:id>/consent/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/consent/<str:consent_id>/withdraw/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/intervention-referrals/": (JOURNEY, CASEWORKERS),
    "api/families/<str:id>/intervention-referrals/<str:referral_id>/": (NOBODY, NOBODY),
    "api/families/<str:id>/intervention-suggestions/": (JOURNEY, NOBODY),
    "api/families/<str:id>/meetings/": (JOURNEY, CASEWORKERS),
    # Visits offline: the copy (410 until the principal keeps the family for offline use, which the matrix
    # counts as an answer) and sending what was recorded on it.
    "api/families/<str:id>/offline/": (CONTACTS, NOBODY),
    "api/families/<str:id>/offline/actions/<str:action_id>/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/offline/notes/": (NOBODY, CONTACTS),
    "api/families/<str:id>/plan/": (PLAN_AND_CLOSURE, NOBODY),
    "api/families/<str:id>/plan/actions/<str:action_id>/": (NOBODY, NOBODY),
    "api/families/<str:id>/plan/goals/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/plan/goals/<str:goal_id>/": (NOBODY, NOBODY),
    "api/families/<str:id>/plan/goals/<str:goal_id>/actions/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/re-referral/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/reviews/": (JOURNEY, CASEWORKERS),
    "api/families/<str:id>/step-down/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/step-up/": (NOBODY, CASEWORKERS),
    "api/families/<str:id>/triage/": (NOBODY, TRIAGE),
    "api/families/<str:id>/wellbeing/": (JOURNEY, CASEWORKERS),
    "api/interventions/": (SIGNED_IN, NOBODY),
    "api/people/": (SIGNED_IN, NOBODY),
    "api/people/<str:id>/": (RECORD, NOBODY),
    "api/schema/": (EVERYONE, NOBODY),
    "api/token/": (NOBODY, EVERYONE),
    "audit-samples/<int:sample_pk>/": (ONLY_AUDITOR, ONLY_AUDITOR),
    "audit-samples/claims/<int:sampled_pk>/": (ONLY_AUDITOR, ONLY_AUDITOR),
    "caseloads/<int:worker_pk>/": (MANAGERS, MANAGERS),
    "claims/": (CLAIMS, CLAIMS),
    "claims/<str:period>/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    # No pack is on disk in the test world, so 404 for all; who may read one: tests/web/test_pages_claims.py.
    "claims/<str:period>/<int:candidate_pk>/evidence/": (NOBODY, NOBODY),
    "claims/<str:period>/<int:candidate_pk>/sign-off/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "claims/<str:period>/samples/": (ONLY_AUDITOR, ONLY_AUDITOR),
    "dashboard/": (MANAGERS, MANAGERS),
    "families/<int:pk>/": (RECORD, RECORD),
    "families/<int:pk>/allocate/": (MANAGERS, MANAGERS),
    "families/<int:pk>/assessment/": (JOURNEY, JOURNEY),
    "families/<int:pk>/assessment/<int:assessment_pk>/complete/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/assessment/<int:assessment_pk>/members/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/assessment/<int:assessment_pk>/needs/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/assessment/<int:assessment_pk>/view/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/assessment/start/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/audit/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "families/<int:pk>/closure/": (PLAN_AND_CLOSURE, PLAN_AND_CLOSURE),
    "families/<int:pk>/closure/close/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/closure/refer-again/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/closure/step-down/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/closure/step-up/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/consent/<int:consent_pk>/withdraw/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/consent/add/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/interventions/": (JOURNEY, JOURNEY),
    "families/<int:pk>/interventions/<int:referral_pk>/progress/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/interventions/refer/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/meetings/": (JOURNEY, JOURNEY),
    "families/<int:pk>/meetings/new/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/notes/": (JOURNEY, JOURNEY),
    "families/<int:pk>/notes/<int:note_pk>/amend/": (ONLY_TEAM_MANAGER, ONLY_TEAM_MANAGER),
    "families/<int:pk>/notes/new/": (CONTACTS, CONTACTS),
    "families/<int:pk>/plan/": (PLAN_AND_CLOSURE, PLAN_AND_CLOSURE),
    "families/<int:pk>/plan/actions/<int:action_pk>/progress/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/plan/goals/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/plan/goals/<int:goal_pk>/actions/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/plan/goals/<int:goal_pk>/status/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/reviews/": (JOURNEY, JOURNEY),
    "families/<int:pk>/reviews/new/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/team/<int:member_pk>/end/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/team/add/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/triage/": (TRIAGE, TRIAGE),
    "families/<int:pk>/wellbeing/": (JOURNEY, CASEWORKERS),
    "families/new/": (REFERRERS, REFERRERS),
    "interventions/": (SIGNED_IN, SIGNED_IN),
    "interventions/<slug:intervention_id>/": (SIGNED_IN, SIGNED_IN),
    "my-work/": (CASEWORKERS, CASEWORKERS),
    "people/<int:pk>/": (RECORD, RECORD),
    "search/": (SIGNED_IN, SIGNED_IN),
    # Claims through the API, withdrawing a sign-off, the team's family list, documents, the printable plan.
    "api/claims/<str:period>/": (CLAIMS, NOBODY),
    "api/claims/<str:period>/<str:candidate_id>/": (CLAIMS, NOBODY),
    "claims/<str:period>/<int:candidate_pk>/withdraw/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "dashboard/families/": (MANAGERS, MANAGERS),
    "families/<int:pk>/documents/": (JOURNEY, CONTACTS),
    # The fixture's document has no file on disk: 404 for all (who may download: test_documents.py).
    "families/<int:pk>/documents/<int:document_pk>/": (NOBODY, NOBODY),
    "families/<int:pk>/plan/print/": (PLAN_AND_CLOSURE, PLAN_AND_CLOSURE),
    # Indicators, insight, maturity and value for money. A table, figure or statement the test world does not
    # have answers 404 to everyone; the apps' own tests open real ones.
    "indicators/": (INSIGHT, INSIGHT),
    "indicators/<str:date>/": (NOBODY, NOBODY),
    "indicators/<str:date>/<str:name>.csv": (NOBODY, NOBODY),
    "indicators/<str:date>/<str:name>/": (NOBODY, NOBODY),
    "insight/": (INSIGHT, INSIGHT),
    "insight/<slug:slug>/": (MANAGERS, MANAGERS),
    "insight/<slug:slug>/<slug:figure>.csv": (NOBODY, NOBODY),
    "maturity/": (MANAGERS, ONLY_COORDINATOR),
    "maturity/change/": (MANAGERS, MANAGERS),
    "maturity/change/chart.svg": (MANAGERS, MANAGERS),
    "maturity/export.<str:fmt>": (MANAGERS, MANAGERS),
    "maturity/quarters/<str:quarter>/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "maturity/template/": (MANAGERS, MANAGERS),
    "maturity/template/areas/<slug:area_key>/add/": (NOBODY, NOBODY),
    "maturity/template/levels/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "maturity/template/statements/<slug:key>/": (NOBODY, NOBODY),
    "value-for-money/": (MANAGERS, MANAGERS),
    "value-for-money/value-for-money.csv": (MANAGERS, MANAGERS),
    # The evidence pages (impact and risk): the charts, tables and model documents need a report the test
    # world does not have, so 404 for all; tests/web/test_evidence_pages.py opens them.
    "evidence/": (MANAGERS, MANAGERS),
    "evidence/impact/": (MANAGERS, MANAGERS),
    "evidence/impact/balance.svg": (NOBODY, NOBODY),
    "evidence/impact/effects.csv": (NOBODY, NOBODY),
    "evidence/risk/": (MANAGERS, MANAGERS),
    "evidence/risk/<slug:document>/": (NOBODY, NOBODY),
    "evidence/risk/calibration.svg": (NOBODY, NOBODY),
    # The directory of services.
    "directory/": (DIRECTORY_READERS, DIRECTORY_READERS),
    "directory/add/": (DIRECTORY_EDITORS, DIRECTORY_EDITORS),
    "directory/export.json": (DIRECTORY_READERS, DIRECTORY_READERS),
    "directory/services/<int:pk>/": (DIRECTORY_READERS, DIRECTORY_READERS),
    "directory/services/<int:pk>/change/": (DIRECTORY_EDITORS, DIRECTORY_EDITORS),
    # Exports: each user sees only their own (the fixture's export is the principal's; anyone else's is 404,
    # tests/web/test_exports.py). Asking for one depends on the list: the path filler names "families", which
    # everyone who opens families may export (team-families, claims, quarantine, review-queue: test_exports.py).
    "exports/": (SIGNED_IN, SIGNED_IN),
    "exports/<uuid:pk>/": (SIGNED_IN, SIGNED_IN),
    "exports/<uuid:pk>/download/": (SIGNED_IN, SIGNED_IN),
    "exports/new/<slug:name>/": (RECORD, RECORD),
    # Supervision, case audits, training.
    "workforce/actions/<str:kind>/<int:pk>/done/": (NOBODY, WORKFORCE_RECORD),
    "workforce/audits/": (WORKFORCE, WORKFORCE),
    "workforce/audits/<int:pk>/": (WORKFORCE_RECORD, WORKFORCE_RECORD),
    "workforce/audits/new/<int:family_pk>/": (MANAGERS, MANAGERS),
    "workforce/audits/start/": (MANAGERS, MANAGERS),
    "workforce/supervision/": (WORKFORCE, WORKFORCE),
    "workforce/supervision/<int:pk>/": (WORKFORCE_RECORD, WORKFORCE_RECORD),
    "workforce/supervision/new/<int:worker_pk>/": (MANAGERS, MANAGERS),
    "workforce/training/": (WORKFORCE, WORKFORCE),
    "workforce/training/new/": (WORKFORCE, WORKFORCE),
    # Visits offline: the offline page, the service worker (no personal data, served to anyone) and keeping a
    # family for offline use.
    "offline/": (SIGNED_IN, NOBODY),
    "offline-worker.js": (EVERYONE, NOBODY),
    "families/<int:pk>/offline/": (NOBODY, CONTACTS),
    # The family's voice: their own wellbeing ratings and their feedback at closure.
    "families/<int:pk>/wellbeing/own/": (CASEWORKERS, CASEWORKERS),
    "families/<int:pk>/closure/feedback/": (PLAN_AND_CLOSURE, CASEWORKERS),
    "families/<int:pk>/closure/feedback/link/": (CASEWORKERS, CASEWORKERS),
    # The family's link: no sign-in, a signed single-use token. The path filler's token is not a signed one, so
    # everyone is refused the questions; the refusal is a page (410, rate-limited 429), which this matrix counts as
    # an answer. Valid, used and expired links: tests/web/test_family_voice.py.
    "feedback/<str:token>/": (EVERYONE, EVERYONE),
    # Governance.
    "governance/legal-basis/": (SIGNED_IN, SIGNED_IN),
    "governance/agreements/": (AGREEMENTS, AGREEMENTS),
    "governance/subject-access/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "governance/subject-access/<str:person>/casework/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    # No pack folder in the test world, so 404 for all; who may download one: tests/web/test_governance_pages.py.
    "governance/subject-access/<str:person>/<slug:copy>.<slug:kind>": (NOBODY, NOBODY),
    # Erasure (the coordinator's): the north family's consent to take part is not withdrawn, so a POST is
    # refused with the reason on the page (let in); tests/web/test_erasure.py erases one.
    "governance/erasure/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
    "governance/erasure/<int:family_pk>/": (ONLY_COORDINATOR, ONLY_COORDINATOR),
}

WHERE = "the ACCESS table of tests/web/test_authorisation_matrix.py"


def test_every_route_has_an_access_rule_and_every_rule_a_route() -> None:
    patterns = {route.pattern for route in routes()}
    missing = sorted(patterns - ACCESS.keys())
    assert not missing, (
        f"Routes with no access rule: {missing}. Add each to {WHERE}, saying who is let in by GET and by POST "
        "(the role groups above it, or NOBODY), and make the views refuse everyone else."
    )
    stale = sorted(ACCESS.keys() - patterns)
    assert not stale, f"Access rules for routes that no longer exist: {stale}. Remove them from {WHERE}."


def test_every_role_has_a_principal() -> None:
    assert set(PRINCIPALS) == EVERYONE, (
        f"Add a user of each new role to PRINCIPALS in {WHERE.split(' of ')[1]}"
    )


def _own_and_other(
    route: Route, records: Records, own: str, other: str | None
) -> list[tuple[str, str, bool]]:
    """The URLs to try: (what it names, URL, whether ACCESS decides), the principal's own family's first."""
    urls = [("own family", fill(route, records, own), True)]
    if other is not None and names_a_family(route):
        urls.append(("another team's family", fill(route, records, other), False))
    if len(route.params) > 1 and names_a_family(route) and not route.pattern.startswith("admin/"):
        stranger = other or ("south" if own != "south" else "north")
        urls.append(
            ("another family's record under the own family", fill(route, records, own, stranger), False)
        )
    return urls


@pytest.mark.parametrize("principal", sorted(PRINCIPALS))
def test_each_route_lets_in_only_those_its_access_rule_names(world: World, principal: str) -> None:
    username, own, other = PRINCIPALS[principal]
    records = build_records(world, username)
    client = Client()
    if username is not None:
        client.force_login(world.users[username])
    wrong = []
    for route in routes():
        if route.pattern not in ACCESS:
            continue  # the test above names it
        for method, allowed in zip(("GET", "POST"), ACCESS[route.pattern], strict=True):
            for what, url, decides in _own_and_other(route, records, own, other):
                got = call(client, method, url)
                expected = LET_IN if decides and principal in allowed else REFUSED
                if got != expected and not (expected == REFUSED and got == NO_SUCH_METHOD):
                    wrong.append(f"{method} {url} ({route.pattern}, {what}): {got}, expected {expected}")
    assert not wrong, f"{principal} ({username}):\n" + "\n".join(wrong)
