"""The directory of services: who may read and keep it, its form's validation, its filters, the audit trail,
the suggestions on a family's pages (by need and area, and never revealing a sensitive need), and the Open Referral
UK import and export (a hand-written file, the round trip, and files it refuses with the record and field)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from web_world import USERS, World

from wholefamily.web import directory_command
from wholefamily.web.accounts.models import AuditEntry, Role
from wholefamily.web.directory import oruk
from wholefamily.web.directory.models import Service
from wholefamily.workspace import Workspace

ORUK_FILE = Path(__file__).parent / "oruk_services.json"
READERS = {
    "kw_north",
    "kw_south",
    "front_door",
    "manager_north",
    "coordinator",
    "data_manager",
    "school",
    "police",
}
EDITORS = {"coordinator", "data_manager"}
_COMPARED = [f.name for f in Service._meta.fields if f.name not in {"id", "updated_at", "updated_by"}]


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _service(name: str, headlines: list[str], districts: list[str], **fields: Any) -> Service:
    return Service.objects.create(
        name=name,
        organisation="Westbrook Council",
        description=f"{name}: synthetic test service.",
        headlines=headlines,
        districts=districts,
        **fields,
    )


def _form(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "family_hub",
        "name": "Northgate Family Hub",
        "organisation": "Westbrook Council",
        "description": "Parenting groups and advice.",
        "active": "on",
        "min_age": "0",
        "max_age": "19",
        "eligibility": "Families with children in Westbrook",
        "headlines": ["education", "early_years"],
        "districts": "wx1, WX2 wx1",
        "address": "1 Northgate",
        "town": "Westbrook",
        "postcode": "wx1 1aa",
        "contact_name": "Ann Example",
        "contact_title": "Hub lead",
        "phone": "01632 960 001",
        "email": "hub@westbrook.example.org",
        "website": "https://westbrook.example.org/hub",
        "opening_times": "Weekdays 9 to 5",
        "referral": "either",
        "referral_how": "Drop in or call.",
    }
    data.update(overrides)
    return data


def _row(service: Service) -> dict[str, Any]:
    return {name: getattr(service, name) for name in _COMPARED}


# --- Access ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(USERS))
def test_everyone_working_with_families_reads_the_directory_and_two_roles_keep_it(
    world: World, username: str
) -> None:
    service = _service("Westbrook Family Hub", ["education"], [])
    client = _client(world, username)
    reads = username in READERS
    for path in ("/directory/", f"/directory/services/{service.pk}/", "/directory/export.json"):
        assert client.get(path).status_code == (200 if reads else 403), path
    edits = username in EDITORS
    assert client.get("/directory/add/").status_code == (200 if edits else 403)
    response = client.post(f"/directory/services/{service.pk}/change/", _form(name="Renamed"))
    assert response.status_code == (302 if edits else 403)
    service.refresh_from_db()
    assert (service.name == "Renamed") == edits
    if not reads:
        assert AuditEntry.objects.filter(username=username, action=AuditEntry.Action.DENIED).exists()


def test_signed_out_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get("/directory/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/" in response["Location"]


# --- Adding and changing -----------------------------------------------------------------------------------------


def test_the_coordinator_adds_a_service_cleaned_and_audited(world: World) -> None:
    client = _client(world, "data_manager")
    response = client.post("/directory/add/", _form())
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.districts == ["WX1", "WX2"] and service.postcode == "WX1 1AA"
    assert service.headlines == ["education", "early_years"] and service.ages == "0 to 19"
    assert service.updated_by == world.users["data_manager"]
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="service")
    assert created.object_id == str(service.pk) and created.username == "data_manager"
    page = client.get(response["Location"]).content.decode()
    for shown in (
        "Northgate Family Hub",
        "Getting a good education",
        "WX1 WX2",
        "Ann Example",
        "Weekdays 9 to 5",
    ):
        assert shown in page
    client.post(f"/directory/services/{service.pk}/change/", _form(phone="01632 960 002"))
    changed = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE, object_type="service")
    assert changed.detail["fields"] == ["phone"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("districts", "WX1 Westbrook", "Westbrook: not a postcode district"),
        ("postcode", "NOT A CODE", "Enter a real postcode"),
        ("max_age", "3", "The oldest age must be the same as or more than the youngest"),
        ("min_age", "-1", "greater than or equal to 0"),
        ("max_age", "150", "Enter an age from 0 to 120"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("website", "javascript:alert(1)", "Enter a valid URL"),
        ("phone", "call us", "Enter a phone number in digits"),
        ("headlines", "not_a_headline", "Select a valid choice"),
        ("referral", "telepathy", "Select a valid choice"),
        ("name", "", "This field is required"),
    ],
)
def test_every_field_is_validated(world: World, field: str, value: str, message: str) -> None:
    data = _form(**{field: value, "min_age": "5" if field == "max_age" and value == "3" else "0"})
    if field == "min_age":
        data["min_age"] = value
    response = _client(world, "coordinator").post("/directory/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Service.objects.exists()


# --- The list's filters --------------------------------------------------------------------------------------------


def test_the_list_filters_by_need_area_and_words(world: World) -> None:
    _service("Northgate Family Hub", ["education", "early_years"], ["WX1"])
    _service("Debt Advice Westbrook", ["financial_stability"], [])
    _service("Southside Homework Club", ["education"], ["WX9"])
    client = _client(world, "kw_north")

    def names(query: str) -> list[str]:
        response = client.get(f"/directory/?{query}")
        assert response.status_code == 200
        return _linked(response.content.decode())

    assert names("") == ["Debt Advice Westbrook", "Northgate Family Hub", "Southside Homework Club"]
    assert names("need=education") == ["Northgate Family Hub", "Southside Homework Club"]
    assert names("area=wx1+2bb") == ["Debt Advice Westbrook", "Northgate Family Hub"]
    assert names("need=education&area=WX9") == ["Southside Homework Club"]
    assert names("text=homework+club") == ["Southside Homework Club"]
    searched = AuditEntry.objects.filter(username="kw_north", action=AuditEntry.Action.SEARCH).first()
    assert searched is not None and searched.detail == {"text": "homework club"}
    refused = client.get("/directory/?area=Westbrook&need=nonsense")
    assert refused.status_code == 400
    assert "Enter a postcode or a postcode district" in refused.content.decode()


# --- Suggestions on the family's pages ------------------------------------------------------------------------------


@pytest.fixture
def suggested_world(world: World) -> World:
    """North (postcode WX1 1AA) has needs under education and domestic abuse (sensitive)."""
    _service("Northgate Family Hub", ["education"], ["WX1"], kind=Service.Kind.FAMILY_HUB)
    _service("Southside Homework Club", ["education"], ["WX9"])
    _service("Safe Homes Outreach", ["domestic_abuse"], [])
    _service("Relationships and Safety Service", ["domestic_abuse", "education"], [])
    _service("Closed Reading Scheme", ["education"], [], active=False)
    _service("Debt Advice Westbrook", ["financial_stability"], [])
    return world


def _linked(html: str) -> list[str]:
    """The services a page links to, in the page's order."""
    return re.findall(r'href="/directory/services/[0-9]+/">([^<]+)</a>', html)


def _suggested(world: World, username: str, path: str = "/families/{pk}/") -> list[str]:
    """The services suggested on a page of family north, in the page's order ([] when none are shown)."""
    response = _client(world, username).get(path.format(pk=world.families["north"].pk))
    assert response.status_code == 200
    page = response.content.decode()
    if 'id="local-services-table"' not in page:
        return []
    return _linked(page.split('id="local-services-table"')[1].split("</table>")[0])


def test_the_family_page_suggests_services_by_need_and_area(suggested_world: World) -> None:
    shown = _suggested(suggested_world, "kw_north")
    assert shown == ["Relationships and Safety Service", "Northgate Family Hub", "Safe Homes Outreach"]


def test_a_role_that_may_not_see_a_sensitive_need_is_never_offered_a_match_on_it(
    suggested_world: World,
) -> None:
    for username in ("data_manager", "school"):
        shown = _suggested(suggested_world, username)
        assert shown == ["Northgate Family Hub", "Relationships and Safety Service"], username
    response = _client(suggested_world, "data_manager").get(
        f"/families/{suggested_world.families['north'].pk}/"
    )
    table = response.content.decode().split('id="local-services-table"')[1].split("</table>")[0]
    assert "Relationships and Safety Service" in table and "domestic abuse" not in table.lower()
    assert "Getting a good education" in table


def test_a_family_with_no_postcode_is_offered_only_services_for_everywhere(suggested_world: World) -> None:
    north = suggested_world.families["north"]
    north.postcode = ""
    north.save(update_fields=["postcode"])
    assert _suggested(suggested_world, "kw_north") == [
        "Relationships and Safety Service",
        "Safe Homes Outreach",
    ]


def test_roles_not_reading_the_directory_see_no_suggestions(suggested_world: World) -> None:
    assert suggested_world.users["auditor"].role == Role.AUDITOR
    assert _suggested(suggested_world, "auditor") == []


def test_the_interventions_page_shows_the_same_suggestions(suggested_world: World) -> None:
    shown = _suggested(suggested_world, "kw_north", "/families/{pk}/interventions/")
    assert shown == ["Relationships and Safety Service", "Northgate Family Hub", "Safe Homes Outreach"]


# --- Open Referral UK ------------------------------------------------------------------------------------------


def test_a_hand_written_oruk_file_imports(world: World) -> None:
    result = oruk.loads(ORUK_FILE.read_text("utf-8"), user=world.users["coordinator"], channel="web")
    assert (result.created, result.updated) == (2, 0)
    assert result.notes == [
        "service 1 (id 0b0c7a2e-5d41-4c1e-9d3a-1f2e3d4c5b6a, name 'Westbrook Family Hub'): service_areas.2.name: "
        "'Westbrook town centre' is not a postcode district; left out"
    ]
    hub = Service.objects.get(name="Westbrook Family Hub")
    assert hub.headlines == ["education", "financial_stability"]
    assert hub.districts == ["WX1", "WX2"] and hub.postcode == "WX1 2BB" and hub.town == "Westbrook"
    assert (hub.min_age, hub.max_age, hub.contact_name, hub.opening_times) == (
        0,
        19,
        "Sam Example",
        "Monday to Friday, 9am to 5pm",
    )
    outreach = Service.objects.get(name="Safe Homes Outreach")
    assert (
        outreach.min_age == 16 and outreach.referral == "professional" and outreach.phone == "01632 960 123"
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="service").count() == 2
    again = oruk.loads(ORUK_FILE.read_text("utf-8"))
    assert (again.created, again.updated) == (0, 2) and Service.objects.count() == 2


def test_export_validates_and_imports_back_to_the_same_services(world: World) -> None:
    oruk.loads(ORUK_FILE.read_text("utf-8"))
    _client(world, "coordinator").post("/directory/add/", _form())
    before = {s.oruk_id: _row(s) for s in Service.objects.all()}
    response = _client(world, "kw_north").get("/directory/export.json")
    assert response["Content-Disposition"] == 'attachment; filename="directory-oruk.json"'
    document = json.loads(response.content)
    assert oruk.schema_problems(document) == [] and document["total_items"] == 3
    assert AuditEntry.objects.filter(username="kw_north", action=AuditEntry.Action.EXPORT).exists()
    assert oruk.dumps(oruk.export(Service.objects.all())) == response.content.decode()  # same every time
    Service.objects.all().delete()
    assert oruk.load(document).created == 3
    assert {s.oruk_id: _row(s) for s in Service.objects.all()} == before


def _broken(change: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ORUK_FILE.read_text("utf-8"))
    change(document["contents"])
    return document


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda c: c[0].pop("name"),
            "service 1 (id 0b0c7a2e-5d41-4c1e-9d3a-1f2e3d4c5b6a, name '?'): (the record): 'name' is a required property",
        ),
        (lambda c: c[1].update(status="open"), "name 'Safe Homes Outreach'): status: 'open' is not one of"),
        (
            lambda c: c[1].update(id="not-a-uuid"),
            "service 2 (id not-a-uuid, name 'Safe Homes Outreach'): id:",
        ),
        (lambda c: c[0].update(email="nobody"), "Westbrook Family Hub'): email: 'nobody' is not a 'email'"),
        (
            lambda c: c[0]["attributes"][0]["taxonomy_term"].update(term="happiness"),
            "Westbrook Family Hub'): attributes.0.taxonomy_term.term: 'happiness' is not a headline",
        ),
        (
            lambda c: c[0]["service_at_locations"][0]["location"]["addresses"][0].update(postal_code="ZZZ"),
            "Westbrook Family Hub'): service_at_locations.location.addresses.postal_code: Enter a real postcode",
        ),
        (lambda c: c[1].update(maximum_age=3), "Safe Homes Outreach'): maximum_age: The oldest age must be"),
        (lambda c: c[1].update(id=c[0]["id"]), "service 2 (id 0b0c7a2e-5d41-4c1e-9d3a-1f2e3d4c5b6a"),
        (
            lambda c: c[1]["wholefamily"].update(colour="blue"),
            "wholefamily: Additional properties are not allowed",
        ),
    ],
)
def test_an_invalid_file_names_the_record_and_field_and_imports_nothing(
    world: World, change: Any, problem: str
) -> None:
    with pytest.raises(oruk.OrukError) as raised:
        oruk.load(_broken(change))
    assert any(problem in p for p in raised.value.problems), raised.value.problems
    assert not Service.objects.exists()


def test_the_command_imports_and_exports(world: World, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("directory test")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(directory_command, "django_setup", lambda workspace: None)
        args = ["--workspace", str(workspace.root)]
        imported = runner.invoke(directory_command.directory, ["import", *args, str(ORUK_FILE)])
        assert imported.exit_code == 0, imported.output
        assert "2 services added, 0 updated" in imported.output
        out = tmp_path / "out.json"
        exported = runner.invoke(directory_command.directory, ["export", *args, str(out)])
        assert exported.exit_code == 0, exported.output
        assert oruk.schema_problems(json.loads(out.read_text("utf-8"))) == []
        bad = tmp_path / "bad.json"
        document = json.loads(ORUK_FILE.read_text("utf-8"))
        broken = copy.deepcopy(document)
        broken["contents"][1]["status"] = "open"
        bad.write_text(json.dumps(broken), encoding="utf-8")
        refused = runner.invoke(directory_command.directory, ["import", *args, str(bad)])
    assert refused.exit_code == 2
    assert "status: 'open' is not one of" in refused.output and "nothing was imported" in refused.output
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, channel="cli").exists()
