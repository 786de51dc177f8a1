"""The needs a service serves are the outcome framework's headlines; in Open Referral UK they are the terms of
one taxonomy, ``TAXONOMY``, whose term is the headline id (docs/directory.md)."""

from __future__ import annotations

import uuid

from wholefamily.web.casework.journey.work.catalogue import headline_labels

TAXONOMY = "wholefamily:sf-2022-headlines"
TAXONOMY_DESCRIPTION = (
    "The headlines of the Supporting Families outcome framework (2022): the needs a service serves."
)
#: Namespace of the ids given to terms, organisations and a service's parts, so that an export is the same each time.
NAMESPACE = uuid.UUID("6f0e2a52-3c1d-5b8e-9a47-2d6c1b0f9e31")


def labels() -> dict[str, str]:
    """Headline id -> label, in the framework's order."""
    return headline_labels()


def term_id(headline: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{TAXONOMY}:{headline}"))
