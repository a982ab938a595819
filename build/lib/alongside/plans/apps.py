from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"

    def ready(self) -> None:
        from django.apps import apps
        from django.core import checks

        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.plans import demo, timeline
        from alongside.plans.checks import guide_is_sound

        register_section(
            CircleSection(
                key="plans",
                title=_("Plans"),
                url_name="plans:index",
                order=150,
                description=_(
                    "Boundaries, conversations planned with care, the relapse-prevention plan and the person's own goal."
                ),
            )
        )
        register_demo(demo.add_demo)
        if apps.is_installed("alongside.journal"):
            timeline.register_timeline_sources()
        checks.register(guide_is_sound)
