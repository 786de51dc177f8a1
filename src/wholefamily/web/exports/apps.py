from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "wholefamily.web.exports"
    label = "exports"
    verbose_name = "Exports"
