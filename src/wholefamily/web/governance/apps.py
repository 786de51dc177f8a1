from django.apps import AppConfig
from django.core import checks


class GovernanceConfig(AppConfig):
    name = "wholefamily.web.governance"
    label = "governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from wholefamily.web.governance.checks import legal_bases

        checks.register(legal_bases)
