from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "wholefamily.web.insight"
    label = "insight"
    verbose_name = "Insight"
