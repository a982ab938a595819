from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"

    def ready(self) -> None:
        from alongside.core import (
            checks,  # noqa: F401  (registers system checks)
            translation_catalog,
        )

        translation_catalog.install()
