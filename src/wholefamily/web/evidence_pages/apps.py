from django.apps import AppConfig


class EvidencePagesConfig(AppConfig):
    name = "wholefamily.web.evidence_pages"
    label = "evidence_pages"
    verbose_name = "Evidence"
