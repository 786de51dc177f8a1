"""A system check: the consent pages and the legal basis page need the legal bases, so a council's
``governance/legal_basis.yaml`` that cannot be used stops ``manage check`` and ``serve`` with the file's
problems, not a page that fails later."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from wholefamily.governance.errors import GovernanceError
from wholefamily.web.casework import legal_basis


def legal_bases(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        legal_basis.in_use()
    except GovernanceError as exc:
        return [
            Error(
                str(exc),
                hint="Correct the file (docs/information-governance.md), or remove it to use the default.",
                id="wholefamily.E010",
            )
        ]
    return []
