from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirststepsConfig(AppConfig):
    name = "alongside.firststeps"
    label = "firststeps"

    def ready(self) -> None:
        from alongside.core.sections import CircleSection, register_section
        from alongside.firststeps.views import home_panel_context

        register_section(
            CircleSection(
                key="firststeps",
                title=_("Your next step"),
                url_name="firststeps:path",
                order=10,
                description=_("A guided path for families, one step at a time, with what to do now."),
                panel_template="firststeps/_home_panel.html",
                context=home_panel_context,
                roles=frozenset({"organiser", "supporter"}),
            )
        )
