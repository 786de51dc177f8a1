"""A sensitive need (domestic abuse) reaches every record linked to it: a referral to an intervention working
on it, its note, its timeline entries and a plan goal's entry are hidden from roles that may not see
sensitive details (a school), on the pages and in the API, by the one rule in ``access.py``."""

from __future__ import annotations

import datetime as dt

from api_helpers import token_client
from django.test import Client
from web_world import World

from wholefamily.web.casework import access
from wholefamily.web.casework.models import InterventionReferral, TimelineEvent
from wholefamily.web.casework.timeline import add_casework_event

TODAY = dt.date.today().isoformat()
CARA = "cautioning-and-relationship-abuse"
SECRET = "Dad to attend the perpetrator programme"


def _refer(world: World) -> tuple[int, int]:
    family = world.families["north"]
    api = token_client(world.users["kw_north"])
    url = f"/api/families/{family.pk}/intervention-referrals/"
    for intervention, note in ((CARA, SECRET), ("family-foundations", "Parenting together")):
        body = {"intervention_id": intervention, "referred_on": TODAY, "note": note}
        assert api.post(url, body, format="json").status_code == 201
    add_casework_event(
        family, world.users["kw_north"], "plan", "Plan: goal added for Safe from domestic abuse"
    )
    return family.pk, InterventionReferral.objects.get(intervention_id=CARA).pk


def test_a_domestic_abuse_programme_is_a_sensitive_intervention() -> None:
    assert CARA in access.sensitive_interventions()
    assert "family-foundations" not in access.sensitive_interventions()


def test_the_school_gets_no_domestic_abuse_referral_from_the_api(world: World) -> None:
    pk, _ = _refer(world)
    school = token_client(world.users["school"])
    listed = school.get(f"/api/families/{pk}/intervention-referrals/").json()
    assert [r["intervention_id"] for r in listed] == ["family-foundations"]
    record = school.get(f"/api/families/{pk}/").content.decode()
    assert "CARA" not in record and SECRET not in record and "goal added for Safe" not in record
    assert "Family Foundations" in record
    # those who see sensitive details see it all
    keyworker = token_client(world.users["kw_north"])
    listed = keyworker.get(f"/api/families/{pk}/intervention-referrals/").json()
    assert {r["intervention_id"] for r in listed} == {CARA, "family-foundations"}
    record = keyworker.get(f"/api/families/{pk}/").content.decode()
    assert "CARA" in record and "Safe from domestic abuse" in record


def test_the_school_sees_no_domestic_abuse_referral_on_the_pages(world: World, client: Client) -> None:
    pk, _ = _refer(world)
    client.force_login(world.users["school"])
    for path in (f"/families/{pk}/", f"/families/{pk}/interventions/"):
        page = client.get(path).content.decode()
        assert "CARA" not in page and SECRET not in page and "goal added for Safe" not in page, path
    assert "Family Foundations" in client.get(f"/families/{pk}/interventions/").content.decode()
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{pk}/").content.decode()
    assert "CARA" in page and "goal added for Safe" in page
    assert "CARA" in client.get(f"/families/{pk}/interventions/").content.decode()


def test_the_rule_covers_timeline_entries_recorded_before_it(world: World) -> None:
    _refer(world)
    events = TimelineEvent.objects.filter(family=world.families["north"])
    hidden = set(events.filter(access.sensitive_records(TimelineEvent)).values_list("title", flat=True))
    assert hidden >= {
        "Referred to Cautioning and Relationship Abuse (CARA)",
        "Plan: goal added for Safe from domestic abuse",
    }
    shown = access.without_sensitive(world.users["school"], events).values_list("title", flat=True)
    assert not set(shown) & hidden
