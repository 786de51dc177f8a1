from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "wholefamily.web.indicators"
    label = "indicators"
    verbose_name = "Population indicators"
