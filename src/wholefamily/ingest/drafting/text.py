"""The start of a text file, decoded: which encoding reads it, and why."""

from __future__ import annotations

import codecs
from pathlib import Path

from wholefamily.ingest.errors import IngestError

HEAD_BYTES = 4 << 20


def read_text(path: Path, limit: int | None = HEAD_BYTES) -> tuple[str, str, str]:
    """(text, encoding, why): the file, or its first ``limit`` bytes cut at the last whole line."""
    try:
        with path.open("rb") as handle:
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
    whole = limit is None or len(raw) <= limit
    raw = raw[:limit]
    encoding, why = sniff_encoding(raw, whole)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw, final=whole)
    if not whole:
        text = text[: text.rfind("\n") + 1]
    return text.removeprefix("\ufeff"), encoding, why


def sniff_encoding(raw: bytes, whole: bool) -> tuple[str, str]:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark, else Windows-1252, else Latin-1."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "the file starts with a UTF-8 byte-order mark"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "the file starts with a UTF-16 byte-order mark"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw, final=whole)
    except UnicodeDecodeError as exc:
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1", f"not UTF-8 (byte {exc.start}) nor Windows-1252: Latin-1 reads any byte"
        return (
            "cp1252",
            f"not valid UTF-8 (byte {exc.start}); Windows-1252 ('ANSI', Excel's 'Save as CSV') reads it",
        )
    if raw.isascii():
        return "utf-8", "plain ASCII, which UTF-8 reads"
    return "utf-8", "valid UTF-8 throughout the part read"
