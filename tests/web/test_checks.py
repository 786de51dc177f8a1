"""The GOV.UK Frontend system check: the site refuses to start on missing or mismatched assets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings

from wholefamily.web.checks import GOVUK_FRONTEND_FOR_JINJA, frontend_assets


def _assets_with_version(root: Path, version: str) -> Path:
    """A copy of the installed assets' layout (files only where the check looks) with another version."""
    installed = Path(django_settings.ASSETS)
    for relative in (
        "govuk-frontend/dist/govuk/govuk-frontend.min.css",
        "@ministryofjustice/frontend/moj/moj-frontend.min.css",
    ):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(installed / relative, root / relative)
    (root / "govuk-frontend/dist/govuk/assets/fonts").mkdir(parents=True)
    (root / "govuk-frontend/package.json").write_text(
        json.dumps({"name": "govuk-frontend", "version": version})
    )
    return root


def test_the_installed_assets_pass() -> None:
    assert frontend_assets() == []


def test_the_pinned_package_matches_the_macros() -> None:
    pinned = json.loads((Path(__file__).parents[2] / "package.json").read_text())["dependencies"]
    assert pinned["govuk-frontend"] in GOVUK_FRONTEND_FOR_JINJA.values()


def test_missing_assets_are_an_error_with_the_set_up_hint(settings: Any, tmp_path: Path) -> None:
    settings.ASSETS = tmp_path
    [error] = frontend_assets()
    assert error.id == "wholefamily.E001"
    assert "make setup" in (error.hint or "")
    assert str(tmp_path / "govuk-frontend") in error.msg


def test_another_release_is_an_error(settings: Any, tmp_path: Path) -> None:
    settings.ASSETS = _assets_with_version(tmp_path, "5.9.0")
    [error] = frontend_assets()
    assert error.id == "wholefamily.E003"
    assert "5.9.0" in error.msg and "6.3.0" in error.msg
    assert "make setup" in (error.hint or "")


def test_django_check_fails_on_assets_named_by_the_environment(tmp_path: Path) -> None:
    """End to end: WHOLEFAMILY_ASSETS reaches the settings and the check is registered."""
    assets = _assets_with_version(tmp_path / "assets", "5.9.0")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WHOLEFAMILY_", "DJANGO_")) and k != "PYTEST_XDIST_WORKER"
    }
    env |= {
        "WHOLEFAMILY_ASSETS": str(assets),
        "WHOLEFAMILY_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "wholefamily.web.settings",
    }
    run = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert "wholefamily.E003" in run.stderr and "make setup" in run.stderr
