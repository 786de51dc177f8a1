"""System checks: the site cannot render its pages without GOV.UK Frontend assets of the release its
Jinja macros were ported from, so ``manage check``, ``serve`` and the tests stop early with a clear hint."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

#: The GOV.UK Frontend release each govuk-frontend-jinja release targets (its README's compatibility table).
#: package.json pins govuk-frontend to the value for the installed govuk-frontend-jinja.
GOVUK_FRONTEND_FOR_JINJA = {"4.1.0": "6.3.0"}

HINT = "Run `make setup` (scripts/setup.sh installs the assets with npm from package-lock.json)."
_REQUIRED = (
    Path("govuk-frontend/package.json"),
    Path("govuk-frontend/dist/govuk/govuk-frontend.min.css"),
    Path("govuk-frontend/dist/govuk/assets/fonts"),
    Path("@ministryofjustice/frontend/moj/moj-frontend.min.css"),
)


def frontend_assets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """GOV.UK and MoJ Frontend are installed under ``settings.ASSETS``, in the release the macros expect."""
    assets = Path(settings.ASSETS)
    missing = [str(assets / path) for path in _REQUIRED if not (assets / path).exists()]
    if missing:
        return [
            Error(
                f"GOV.UK Frontend assets are missing: {', '.join(missing)}",
                hint=HINT + " WHOLEFAMILY_ASSETS names another folder.",
                id="wholefamily.E001",
            )
        ]
    try:
        jinja_version = version("govuk-frontend-jinja")
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        jinja_version = "not installed"
    expected = GOVUK_FRONTEND_FOR_JINJA.get(jinja_version)
    if expected is None:
        return [
            Error(
                f"govuk-frontend-jinja {jinja_version} has no known GOV.UK Frontend release",
                hint="Add it to GOVUK_FRONTEND_FOR_JINJA in wholefamily/web/checks.py and pin "
                "govuk-frontend to that release in package.json.",
                id="wholefamily.E002",
            )
        ]
    installed = json.loads((assets / "govuk-frontend" / "package.json").read_text("utf-8")).get("version")
    if installed != expected:
        return [
            Error(
                f"GOV.UK Frontend {installed} is installed in {assets}, but govuk-frontend-jinja "
                f"{jinja_version} renders the components of {expected}",
                hint=HINT,
                id="wholefamily.E003",
            )
        ]
    return []
