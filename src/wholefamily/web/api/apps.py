from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wholefamily.web.api"
    label = "api"
    verbose_name = "API"
