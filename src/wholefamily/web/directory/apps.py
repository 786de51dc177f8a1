from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wholefamily.web.directory"
    label = "directory"
    verbose_name = "Directory of services"
