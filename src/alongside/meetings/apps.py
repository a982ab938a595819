from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.meetings import demo, tasks
        from alongside.reminders.tasks import register_tick_hook

        register_demo(demo.add_demo)
        register_tick_hook(tasks.enqueue_if_due)  # meeting lists by URL, refreshed daily
