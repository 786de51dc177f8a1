from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "wholefamily.web.maturity"
    label = "maturity"
    verbose_name = "Self-assessment"
