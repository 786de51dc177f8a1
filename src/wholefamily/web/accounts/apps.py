from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "wholefamily.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self) -> None:
        from wholefamily.web.accounts import signals  # noqa: F401  (connects the sign-in audit)
        from wholefamily.web.checks import frontend_assets

        checks.register(frontend_assets)
