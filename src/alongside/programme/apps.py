from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "alongside.programme"
    label = "programme"

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.programme import demo, reminders
        from alongside.programme.views import home_panel_context
        from alongside.reminders.events import EventType, register_detail_writer, register_scanner

        register_section(
            CircleSection(
                key="programme",
                title=_("Your next practice"),
                url_name="programme:index",
                order=11,
                description=_(
                    "The family programme: eight skills, each with a worksheet and a practice for the week."
                ),
                panel_template="programme/_home_panel.html",
                context=home_panel_context,
                roles=frozenset({"organiser", "supporter"}),
            )
        )
        register_section(
            CircleSection(
                key="programme_shared",
                title=_("Shared from the family programme"),
                url_name="programme:shared",
                order=320,
                description=_("Worksheets and practices that supporters chose to share with you."),
                roles=frozenset({"person", "professional"}),
            )
        )
        register_demo(demo.add_demo)
        register_scanner(reminders.scan_practices)
        register_detail_writer(EventType.PRACTICE, reminders.practice_in_words)
