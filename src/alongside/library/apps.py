from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "alongside.library"
    label = "library"
