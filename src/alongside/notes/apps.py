from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "alongside.notes"
    label = "notes"

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.notes import demo

        register_section(
            CircleSection(
                key="notes",
                title=_("Notes"),
                url_name="notes:list",
                order=300,
                description=_("Things to remember and share, each with its own privacy."),
            )
        )
        register_demo(demo.add_demo)
