from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirststepsConfig(AppConfig):
    name = "alongside.firststeps"
    label = "firststeps"

    def ready(self) -> None:
        from alongside.core.sections import CircleSection, HomePanel, register_home_panel, register_section
        from alongside.firststeps import content
        from alongside.firststeps.views import home_panel_context

        register_home_panel(
            HomePanel(
                key="firststeps",
                template="firststeps/_public_home_panel.html",
                order=10,
                context=lambda request: {"first_steps": content.current()},
            )
        )

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
