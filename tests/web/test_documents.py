"""Documents attached to a family or a person: the file's bytes decide its type (and its name must agree), its
size is checked, it is kept in the workspace's documents folder and served only, as an attachment, to those
who may read it; every upload, download and refusal is audited."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from fpdf import FPDF
from web_world import World

from wholefamily.web import config
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Document


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="I agree to share information with the school.")
    return bytes(pdf.output())


def _docx(*, word: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if word:
            archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.DOCUMENTS_FOLDER = tmp_path / "documents"
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    return Path(settings.DOCUMENTS_FOLDER)


def _upload(
    client: Client, world: World, username: str, name: str, data: bytes, family: str = "north", **fields: str
) -> tuple[int, str]:
    client.force_login(world.users[username])
    post = {"kind": "signed_consent", "title": "Consent to share", "person": "", **fields}
    response = client.post(
        f"/families/{world.families[family].pk}/documents/", {**post, "file": SimpleUploadedFile(name, data)}
    )
    if response.status_code == 302:
        client.get(response["Location"])  # shows (and so clears) the message of the upload
    return response.status_code, response.content.decode()


def test_a_keyworker_adds_a_signed_consent_and_downloads_it(
    world: World, client: Client, folder: Path
) -> None:
    data = _pdf()
    parent = world.people["north_parent"]
    status, _ = _upload(client, world, "kw_north", "consent.PDF", data, person=str(parent.pk))
    assert status == 302
    document = Document.objects.get()
    assert (document.file_type, document.size, document.person, document.kind) == (
        "pdf",
        len(data),
        parent,
        "signed_consent",
    )
    stored = folder / document.stored_name
    assert stored.read_bytes() == data and stored.parent.parent == folder
    assert document.stored_name == f"{world.families['north'].pk}/{document.sha256}.pdf"
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(document.pk))
    assert created.family_id == world.families["north"].pk and created.detail["sha256"] == document.sha256

    page = client.get(f"/families/{world.families['north'].pk}/documents/").content.decode()
    assert "Consent to share" in page and "Signed consent" in page and parent.full_name in page
    response = client.get(f"/families/{world.families['north'].pk}/documents/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Consent-to-share.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert AuditEntry.objects.filter(summary__startswith=f"Downloaded document {document.pk}").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "letter.pdf",
            b"<html><script>alert(1)</script></html>",
            "must be a PDF, PNG, JPEG or Word document",
        ),
        ("photo.pdf", PNG, "is a PNG image, so its name must end .png"),
        ("report.docx", _docx(word=False), "must be a PDF, PNG, JPEG or Word document"),
        ("report.exe", _docx(), "is a Word document, so its name must end .docx"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(
    world: World, client: Client, folder: Path, name: str, data: bytes, message: str
) -> None:
    status, page = _upload(client, world, "kw_north", name, data)
    assert status == 200 and message in page and "<title>Error:" in page
    assert not Document.objects.exists() and not folder.exists()


def test_each_accepted_type_is_kept(world: World, client: Client, folder: Path) -> None:
    for name, data in (
        ("scan.png", PNG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        ("r.docx", _docx()),
    ):
        assert _upload(client, world, "kw_north", name, data, kind="report", title=name)[0] == 302
    assert sorted(Document.objects.values_list("file_type", flat=True)) == ["docx", "jpeg", "png"]


def test_a_file_over_the_limit_is_refused(world: World, client: Client, folder: Path) -> None:
    too_big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    _, page = _upload(client, world, "kw_north", "big.pdf", too_big)
    assert "The selected file must be smaller than 1 MB" in page and not Document.objects.exists()


def test_the_largest_upload_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHOLEFAMILY_DOCUMENT_MAX_MB", "3")
    assert config.document_max_bytes() == 3 * 1024 * 1024
    for bad in ("0", "101", "ten", "-1"):
        monkeypatch.setenv("WHOLEFAMILY_DOCUMENT_MAX_MB", bad)
        with pytest.raises(config.ConfigError, match="WHOLEFAMILY_DOCUMENT_MAX_MB"):
            config.document_max_bytes()


def test_documents_follow_the_family_and_the_sensitive_rules(
    world: World, client: Client, folder: Path
) -> None:
    north = world.families["north"].pk
    _upload(client, world, "kw_north", "letter.pdf", _pdf(), kind="letter", title="School letter")
    _upload(
        client, world, "kw_north", "refuge.pdf", _pdf(), kind="report", title="Refuge report", sensitive="on"
    )
    letter = Document.objects.get(title="School letter")
    refuge = Document.objects.get(title="Refuge report")
    assert refuge.sensitive and not letter.sensitive

    client.force_login(world.users["school"])  # in the team around the family, with consent
    page = client.get(f"/families/{north}/documents/").content.decode()
    assert "School letter" in page and "Refuge report" not in page
    assert client.get(f"/families/{north}/documents/{letter.pk}/").status_code == 200
    assert client.get(f"/families/{north}/documents/{refuge.pk}/").status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DENIED, username="school", summary__contains=f"document {refuge.pk}"
    ).exists()
    # a partner in the team adds a report, and cannot hide it from the keyworker by marking it sensitive
    assert (
        _upload(client, world, "school", "r.pdf", _pdf(), kind="report", title="Attendance", sensitive="on")[
            0
        ]
        == 302
    )
    assert not Document.objects.get(title="Attendance").sensitive

    for username, status in (("kw_south", 404), ("police", 404), ("data_manager", 403), ("auditor", 403)):
        client.force_login(world.users[username])
        assert client.get(f"/families/{north}/documents/").status_code == status, username
        assert client.get(f"/families/{north}/documents/{letter.pk}/").status_code == status, username
        assert _upload(client, world, username, "x.pdf", _pdf())[0] == status, username
    # a document id of another family answers 404 through this family
    _upload(client, world, "kw_south", "s.pdf", _pdf(), family="south", title="South letter")
    south_doc = Document.objects.get(title="South letter")
    client.force_login(world.users["kw_north"])
    assert client.get(f"/families/{north}/documents/{south_doc.pk}/").status_code == 404


def test_a_persons_page_lists_the_documents_about_them(world: World, client: Client, folder: Path) -> None:
    parent = world.people["north_parent"]
    _upload(client, world, "kw_north", "a.pdf", _pdf(), title="Tenancy letter", person=str(parent.pk))
    _upload(
        client,
        world,
        "kw_north",
        "b.pdf",
        _pdf(),
        title="Refuge letter",
        person=str(parent.pk),
        sensitive="on",
    )
    _upload(client, world, "kw_north", "c.pdf", _pdf(), title="Family letter")
    page = client.get(f"/people/{parent.pk}/").content.decode()
    assert "Tenancy letter" in page and "Refuge letter" in page and "Family letter" not in page
    client.force_login(world.users["school"])
    page = client.get(f"/people/{parent.pk}/").content.decode()
    assert "Tenancy letter" in page and "Refuge letter" not in page
    client.force_login(world.users["data_manager"])  # reads the person, not the casework
    assert "Tenancy letter" not in client.get(f"/people/{parent.pk}/").content.decode()
