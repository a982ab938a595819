from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "alongside.care"
    label = "care"

    def ready(self) -> None:
        from django.apps import apps

        from alongside.care import demo, reminders, timeline
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.reminders.events import EventType, register_detail_writer, register_scanner

        register_section(
            CircleSection(
                key="care",
                title=_("Recovery support"),
                url_name="care:index",
                order=200,
                description=_("Appointments and rides, medications, milestones, rewards and routines."),
            )
        )
        register_scanner(reminders.scan)
        register_detail_writer(EventType.APPOINTMENT, reminders.appointment_in_words)
        register_scanner(reminders.scan_milestones)
        register_scanner(reminders.scan_medications)
        register_scanner(reminders.scan_routines)
        register_detail_writer(EventType.MEDICATION_PICKUP, reminders.medication_in_words)
        register_detail_writer(EventType.TAKE_HOME_ENDS, reminders.medication_in_words)
        register_demo(demo.add_demo)
        if apps.is_installed("alongside.journal"):
            timeline.register_timeline_sources()
