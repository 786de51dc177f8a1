"""Documents: what an upload is found to be, where it is kept, and how it is read back.

A file is accepted when its bytes are a PDF, a PNG, a JPEG or a Word document (a zip holding
``word/document.xml``) **and** its name ends as that type does, so neither a renamed file nor a misleading
name gets in; it must not be empty nor larger than ``DOCUMENT_MAX_BYTES``. It is kept in
``DOCUMENTS_FOLDER``, outside the web root, as ``<family id>/<sha256>.<type>``: the name says nothing of the
family's or the person's names, and the same file uploaded twice to a family is kept once."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from wholefamily.web.casework.models import Document

#: The first bytes of each type, and the endings its name may have.
_MAGIC = {
    Document.FileType.PDF: b"%PDF-",
    Document.FileType.PNG: b"\x89PNG\r\n\x1a\n",
    Document.FileType.JPEG: b"\xff\xd8\xff",
    Document.FileType.DOCX: b"PK\x03\x04",
}
ENDINGS = {
    Document.FileType.PDF: (".pdf",),
    Document.FileType.PNG: (".png",),
    Document.FileType.JPEG: (".jpg", ".jpeg"),
    Document.FileType.DOCX: (".docx",),
}
CONTENT_TYPES = {
    Document.FileType.PDF: "application/pdf",
    Document.FileType.PNG: "image/png",
    Document.FileType.JPEG: "image/jpeg",
    Document.FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class DocumentRefused(ValueError):
    """Why an upload is not kept, in words for the form."""


@dataclass(frozen=True)
class Checked:
    file_type: str
    size: int
    sha256: str


def folder() -> Path:
    return Path(settings.DOCUMENTS_FOLDER)


def max_megabytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES) // (1024 * 1024)


def _is_docx(upload: UploadedFile[bytes]) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:  # reads the central directory only, never unpacks
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def _file_type(upload: UploadedFile[bytes]) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    for file_type, magic in _MAGIC.items():
        if head.startswith(magic):
            if file_type == Document.FileType.DOCX and not _is_docx(upload):
                return None
            return str(file_type)
    return None


def check(upload: UploadedFile[bytes]) -> Checked:
    """What ``upload`` is, or ``DocumentRefused`` with the reason."""
    size = upload.size or 0
    if size == 0:
        raise DocumentRefused("The selected file is empty")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise DocumentRefused(f"The selected file must be smaller than {max_megabytes()} MB")
    file_type = _file_type(upload)
    if file_type is None:
        raise DocumentRefused("The selected file must be a PDF, PNG, JPEG or Word document (.docx)")
    name = (upload.name or "").lower()
    if not name.endswith(ENDINGS[Document.FileType(file_type)]):
        raise DocumentRefused(
            f"The selected file is a {Document.FileType(file_type).label}, so its name must end "
            f"{' or '.join(ENDINGS[Document.FileType(file_type)])}"
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    return Checked(file_type, size, digest.hexdigest())


def store(upload: UploadedFile[bytes], family_id: int, checked: Checked) -> str:
    """Write ``upload`` into the documents folder (atomically, readable by the site's user only); its name
    there."""
    name = f"{family_id}/{checked.sha256}.{checked.file_type}"
    target = folder() / name
    if target.exists():
        return name
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                out.write(chunk)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def path_of(document: Document) -> Path:
    """Where ``document``'s file is; it must lie inside the documents folder."""
    root = folder().resolve()
    path = (root / document.stored_name).resolve()
    if not path.is_relative_to(root):
        raise DocumentRefused("The document is not in the documents folder")
    return path


def download_name(document: Document) -> str:
    """A safe file name for the download: the title's letters, digits and dashes, and the type's ending."""
    stem = "".join(c if c.isalnum() else "-" for c in document.title).strip("-")[:80] or "document"
    return f"{stem}{ENDINGS[Document.FileType(document.file_type)][0]}"
