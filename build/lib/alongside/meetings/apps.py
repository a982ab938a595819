from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.meetings import demo

        register_demo(demo.add_demo)
