from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "wholefamily.web.workforce"
    label = "workforce"
    verbose_name = "Supervision, case audits and training"

    def ready(self) -> None:
        from wholefamily.web.casework.record import my_work
        from wholefamily.web.workforce import due

        my_work.register_source(due.due_items)
