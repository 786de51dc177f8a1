"""Documents attached to a family, or to a person in it: signed consent, letters, reports. The file lives in the
workspace's documents folder (``DOCUMENTS_FOLDER``), named by the family and the file's SHA-256; the row keeps
what the user said it is and what the site found it to be."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from wholefamily.web.casework.models.record import Family, Person


class Document(models.Model):
    class Kind(models.TextChoices):
        SIGNED_CONSENT = "signed_consent", "Signed consent"
        LETTER = "letter", "Letter"
        REPORT = "report", "Report"
        OTHER = "other", "Other"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"
        DOCX = "docx", "Word document"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="documents")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    sensitive = models.BooleanField(default=False, help_text="About a sensitive need (domestic abuse).")
    original_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices, help_text="Found from its bytes.")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=120, help_text="Its path in the documents folder.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
