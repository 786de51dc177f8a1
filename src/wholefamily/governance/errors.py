"""The error of the governance commands: a register, a rule file or a request that cannot be used."""

from __future__ import annotations

from pydantic import ValidationError

from wholefamily.errors import WholefamilyError


class GovernanceError(WholefamilyError):
    """A governance file or request that cannot be used; the message names the file and field."""


def field_problems(exc: ValidationError) -> str:
    """Each problem pydantic found in a file, one line each, named by its field (``agreements.0.legal_basis``)."""
    return "\n".join(
        f"  - {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()
    )
