"""The one error an ingest run stops with: a file or config that cannot be used at all."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class IngestError(WholefamilyError):
    """A problem that stops the run before anything is published; the message names the file and the problem."""
