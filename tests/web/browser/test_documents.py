"""Adding a document and finding it in the list, in a real browser: the upload form works without script and
the page is clean for axe-core, before and after."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Document

SignIn = Callable[[Page, User], None]


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.DOCUMENTS_FOLDER = tmp_path / "documents"
    return Path(settings.DOCUMENTS_FOLDER)


def test_add_a_letter_from_the_family_page(
    axe_page: Page, world: World, sign_in: SignIn, folder: Path, tmp_path: Path
) -> None:
    page = axe_page
    north = world.families["north"]
    sign_in(page, world.users["kw_north"])
    page.goto(f"/families/{north.pk}/")
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("alert")).to_contain_text("Select a file")
    assert axe_violations(page) == []

    letter = tmp_path / "letter.png"
    letter.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("File").set_input_files(str(letter))
    page.get_by_label("Letter").check()
    page.get_by_label("Title").fill("Letter from the housing office")
    page.get_by_label("Who it is about").select_option(label="ParentNorth Testperson")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text("Letter added: Letter from the housing office")).to_be_visible()
    table = page.get_by_role("table", name="Documents of the family")
    expect(table).to_contain_text("ParentNorth Testperson")
    assert Document.objects.get().file_type == "png"
    assert axe_violations(page) == []
