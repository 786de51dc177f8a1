from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wholefamily.web.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from wholefamily.web.casework.offline import signals  # noqa: F401  (signing out ends offline copies)
