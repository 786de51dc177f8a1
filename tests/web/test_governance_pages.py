"""Information governance in the site: the legal basis of each use (every member of staff; consent asked only
where it is the basis, on the consent page and through the API), the sharing agreements due for review (the
coordinator and the data manager), and subject access (the coordinator): the pipeline's packs downloaded and the
site's own records about the person, every view and download audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from api_helpers import token_client
from django.test import Client
from web_world import World

from wholefamily.governance.errors import GovernanceError
from wholefamily.governance.legal_basis import DEFAULT, load_legal_bases
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import CaseNote, Consent
from wholefamily.web.governance.checks import legal_bases

TODAY = dt.date.today()


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.GOVERNANCE_FOLDER = tmp_path / "governance"
    settings.GOVERNANCE_FOLDER.mkdir()
    return Path(settings.GOVERNANCE_FOLDER)


def _signed_in(client: Client, world: World, username: str) -> Client:
    client.force_login(world.users[username])
    return client


def _bases(casework_basis: str) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(DEFAULT.read_text("utf-8"))
    for use in raw["uses"]:
        if use["purpose"] == "casework":
            use["basis"] = casework_basis
            use["article_9_condition"] = "substantial_public_interest"
            use["schedule_1_condition"] = "Part 2 paragraph 18"
            if casework_basis != "consent":
                del use["consent_asked_for"]
    return raw


# --- Legal basis ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kw_north", "school", "auditor", "data_manager", "admin"])
def test_every_member_of_staff_reads_the_legal_basis_of_each_use(
    world: World, client: Client, folder: Path, username: str
) -> None:
    page = _signed_in(client, world, username).get("/governance/legal-basis/").content.decode()
    for use in ("Identification", "Casework", "Claims", "Evaluation", "The risk model"):
        assert f"{use}:" in page
    assert "These are the defaults shipped with the software" in page
    assert page.count("Not asked for: consent is not the basis") == 4
    assert "Asked for: to take part in whole-family support; to assess the children" in page
    assert 'href="/governance/legal-basis/"' in page  # the footer's link, on every page


def test_the_councils_own_bases_replace_the_default(world: World, client: Client, folder: Path) -> None:
    (folder / "legal_basis.yaml").write_text(yaml.safe_dump(_bases("public_task")), "utf-8")
    page = _signed_in(client, world, "kw_north").get("/governance/legal-basis/").content.decode()
    assert "These are the council&#39;s own" in page or "These are the council's own" in page
    assert page.count("Not asked for: consent is not the basis") == 5


def test_legal_bases_are_validated_with_the_field_at_fault(tmp_path: Path) -> None:
    raw = _bases("public_task")
    raw["uses"][1]["consent_asked_for"] = ["take_part"]
    (tmp_path / "legal_basis.yaml").write_text(yaml.safe_dump(raw), "utf-8")
    with pytest.raises(GovernanceError) as raised:
        load_legal_bases(tmp_path)
    message = str(raised.value)
    assert "invalid legal bases" in message
    assert "uses.1: Value error, consent is asked for only where consent is the basis" in message


def test_the_consent_page_asks_only_where_consent_is_the_basis(
    world: World, client: Client, folder: Path
) -> None:
    family, parent = world.families["north"], world.people["north_parent"]
    url = f"/families/{family.pk}/consent/add/"
    _signed_in(client, world, "kw_north")
    page = client.get(url).content.decode()
    assert (
        "Casework: Consent (UK GDPR article 6(1)(a)), <strong>so the family&#39;s consent is asked for"
        in (page.replace("'", "&#39;"))
    )
    assert "Identification: Public task (article 6(1)(e)), so consent is not asked for" in page
    assert 'value="take_part"' in page
    (folder / "legal_basis.yaml").write_text(yaml.safe_dump(_bases("public_task")), "utf-8")
    page = client.get(url).content.decode()
    assert "No use of the data relies on consent, so there is no consent to record" in page
    assert 'value="take_part"' not in page
    form = {
        "purpose": "take_part",
        "agency": "",
        "given_by": str(parent.pk),
        "given_on-day": str(TODAY.day),
        "given_on-month": str(TODAY.month),
        "given_on-year": str(TODAY.year),
        "how": "verbal",
    }
    assert client.post(url, form).status_code == 200
    assert not Consent.objects.filter(family=family, purpose="take_part").exists()
    api = token_client(world.users["kw_north"])
    body = {**form, "given_on": TODAY.isoformat(), "given_by": parent.pk}
    response = api.post(f"/api/families/{family.pk}/consent/", body, format="json")
    assert response.status_code == 400
    assert "no use of the family's data relies on consent for it" in response.content.decode()
    assert not Consent.objects.filter(family=family, purpose="take_part").exists()


# --- Sharing agreements due for review ------------------------------------------------------------------------


def _agreement(id_: str, review_in_days: int) -> dict[str, Any]:
    return {
        "id": id_,
        "title": f"Agreement {id_}",
        "parties": ["Anytown Council", "A partner"],
        "sources": [f"{id_}_source"],
        "purposes": ["identification", "casework"],
        "legal_basis": "public_task",
        "starts": TODAY - dt.timedelta(days=400),
        "review_by": TODAY + dt.timedelta(days=review_in_days),
        "document": "ISA v1",
    }


@pytest.mark.parametrize("username", ["coordinator", "data_manager"])
def test_the_coordinator_and_data_manager_see_agreements_due_for_review(
    world: World, client: Client, folder: Path, username: str
) -> None:
    register = {"agreements": [_agreement("overdue", -3), _agreement("soon", 30), _agreement("later", 200)]}
    (folder / "agreements.yaml").write_text(yaml.safe_dump(register), "utf-8")
    _signed_in(client, world, username)
    page = client.get("/governance/agreements/").content.decode()
    due = page.split("Every agreement")[0]
    assert "Agreement overdue" in due and "Overdue" in due and "Agreement soon" in due
    assert "Agreement later" not in due and "Agreement later" in page
    assert (
        "Agreement later"
        in client.get("/governance/agreements/?days=365").content.decode().split("Every agreement")[0]
    )
    bad = client.get("/governance/agreements/?days=-1").content.decode()
    assert "Enter the number of days as a whole number from 1 to 3650" in bad
    assert AuditEntry.objects.filter(username=username, summary="Viewed the sharing agreements").count() == 3
    assert 'href="/governance/agreements/"' in page  # in the service navigation


def test_a_missing_or_broken_register_is_said_plainly(world: World, client: Client, folder: Path) -> None:
    _signed_in(client, world, "coordinator")
    assert "There is no sharing agreements register" in client.get("/governance/agreements/").content.decode()
    (folder / "agreements.yaml").write_text("agreements:\n  - id: x\n", "utf-8")
    page = client.get("/governance/agreements/").content.decode()
    assert "cannot be read" in page and "agreements.0.title: Field required" in page


@pytest.mark.parametrize("username", ["kw_north", "manager_north", "auditor", "school"])
def test_other_roles_may_not_see_agreements_or_subject_access(
    world: World, client: Client, folder: Path, username: str
) -> None:
    _signed_in(client, world, username)
    assert client.get("/governance/agreements/").status_code == 403
    assert client.get("/governance/subject-access/").status_code == 403
    assert AuditEntry.objects.filter(username=username, action="denied").count() == 2


# --- Subject access -------------------------------------------------------------------------------------------


def _pack(folder: Path, person: str) -> None:
    pack = folder / "subject-access" / person
    pack.mkdir(parents=True)
    for copy in ("redacted", "reviewer"):
        (pack / f"{copy}.html").write_text(f"<html>{copy} pack of {person}</html>", "utf-8")
        (pack / f"{copy}.json").write_text(json.dumps({"copy": copy}), "utf-8")


def test_the_coordinator_downloads_a_pack_and_the_sites_records(
    world: World, client: Client, folder: Path
) -> None:
    parent, other = world.people["north_parent"], world.people["south_parent"]
    parent.warehouse_id, other.warehouse_id = "P-NORTH", "P-SOUTH"
    parent.save()
    other.save()
    note = CaseNote.objects.create(
        family=world.families["north"], kind="home_visit", happened_on=TODAY, note="Talked about mornings"
    )
    note.people.add(parent)
    other_note = CaseNote.objects.create(
        family=world.families["south"], kind="phone", happened_on=TODAY, note="South family call"
    )
    other_note.people.add(other)
    _pack(folder, "P-NORTH")
    _pack(folder, "P-GONE")
    _signed_in(client, world, "data_manager")
    assert client.get("/governance/subject-access/").status_code == 403
    _signed_in(client, world, "coordinator")
    page = client.get("/governance/subject-access/").content.decode()
    assert "P-NORTH" in page and "P-GONE" in page
    assert "/governance/subject-access/P-NORTH/redacted.html" in page
    assert "No one in the casework site has this person id" in page

    response = client.get("/governance/subject-access/P-NORTH/redacted.html")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="subject-access-P-NORTH-redacted.html"'
    assert b"".join(response.streaming_content) == b"<html>redacted pack of P-NORTH</html>"  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action="export", username="coordinator")
    assert entry.detail == {"person": "P-NORTH", "copy": "redacted", "format": "html"}
    (folder / "redacted.html").write_text("not a pack", "utf-8")
    assert client.get("/governance/subject-access/../redacted.html").status_code == 404
    for bad in (
        "P-NORTH/other.html",
        "P-NORTH/redacted.txt",
        "..%2Fsecrets/redacted.html",
        "P-NONE/redacted.html",
    ):
        assert client.get(f"/governance/subject-access/{bad}").status_code == 404, bad

    records = client.get("/governance/subject-access/P-NORTH/casework/").content.decode()
    assert parent.full_name in records and "Talked about mornings" in records
    assert "South family call" not in records and other.full_name not in records
    download = client.get("/governance/subject-access/P-NORTH/casework/?format=json")
    section = json.loads(download.content)
    assert download["Content-Disposition"] == 'attachment; filename="subject-access-P-NORTH-casework.json"'
    assert section["person"]["warehouse_id"] == "P-NORTH"
    assert [n["note"] for n in section["case_notes"]] == ["Talked about mornings"]
    assert [f["family"] for f in section["families"]] == [world.families["north"].reference]
    viewed = [e["what"] for e in section["who_viewed_or_changed"]]
    assert world.families["south"].reference not in " ".join(viewed)
    assert (
        AuditEntry.objects.filter(action="export", object_type="person", object_id=str(parent.pk)).count()
        == 1
    )
    assert client.get("/governance/subject-access/P-GONE/casework/").status_code == 404


def test_a_broken_legal_bases_file_stops_the_site_at_its_checks(folder: Path) -> None:
    assert legal_bases() == []
    (folder / "legal_basis.yaml").write_text("uses: []\n", "utf-8")
    [error] = legal_bases()
    assert (
        error.id == "wholefamily.E010" and "every use is named once: identification is missing" in error.msg
    )
