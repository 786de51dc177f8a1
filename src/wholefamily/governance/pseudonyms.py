"""Stable pseudonyms, one set per purpose: HMAC-SHA256 of an id with the purpose's own secret.

The same id gives the same pseudonym for the same purpose on every run (so an evaluation can follow a person
from one extract to the next), a different one for another purpose (so two extracts cannot be joined), and
no pseudonym can be turned back into the id without the secret. Each purpose's secret is made once, at
random, in the workspace's ``.secrets/`` folder (readable by its owner only); deleting it starts a new,
unlinkable series.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from wholefamily.governance.agreements import Purpose

#: Hex digits kept of the HMAC: 64 bits, collision-free in practice for a council's population.
PSEUDONYM_DIGITS = 16


def purpose_secret(workspace_root: Path, purpose: Purpose) -> bytes:
    """The purpose's secret from ``.secrets/pseudonyms-<purpose>.key``, made on first use."""
    path = workspace_root / ".secrets" / f"pseudonyms-{purpose}.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text("ascii").strip())


def pseudonym(secret: bytes, value: str) -> str:
    """The value's pseudonym under ``secret``: the first hex digits of HMAC-SHA256."""
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_DIGITS]
