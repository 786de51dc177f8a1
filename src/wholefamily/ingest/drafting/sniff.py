"""Which sniffer reads a file: by its extension, or its first bytes when the extension says nothing."""

from __future__ import annotations

from pathlib import Path

from wholefamily.ingest.drafting.delimited import sniff_delimited
from wholefamily.ingest.drafting.jsondoc import sniff_json
from wholefamily.ingest.drafting.sample import Sample
from wholefamily.ingest.drafting.workbook import sniff_workbook
from wholefamily.ingest.errors import IngestError


def sniff_file(path: Path) -> Sample:
    """The file's layout, by its extension (or its first bytes when the extension says nothing)."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods") or head.startswith((b"PK", b"\xd0\xcf")):
        return sniff_workbook(path)
    if suffix == ".json" or head.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{"):
        return sniff_json(path)
    return sniff_delimited(path)
