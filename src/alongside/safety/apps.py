from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.reminders.events import EventType, register_detail_writer, register_scanner
        from alongside.safety import demo, reminders
        from alongside.safety.views import home_panel_context

        register_section(
            CircleSection(
                key="safety",
                title=_("Safety"),
                url_name="safety:plan",
                order=20,
                description=_("Naloxone kits, risk periods and the safety plan."),
                panel_template="safety/_home_panel.html",
                context=home_panel_context,
            )
        )
        register_scanner(reminders.scan)
        register_detail_writer(EventType.KIT_EXPIRING, reminders.kit_expiry_in_words)
        register_demo(demo.add_demo)
