from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wholefamily.web.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from wholefamily.web.api import signals  # noqa: F401  (signing out revokes the user's tokens)
