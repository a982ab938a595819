from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_panel(*, circle, membership, user) -> dict:
    from alongside.circles.access import SUPPORTING_ROLES
    from alongside.journal.services import contact_status

    if membership.role not in SUPPORTING_ROLES:
        return {"can_write": False}
    return {"can_write": True, "status": contact_status(user, circle)}


class JournalConfig(AppConfig):
    name = "alongside.journal"
    label = "journal"

    def ready(self) -> None:
        from alongside.circles.models import Role
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.journal import demo, reminders
        from alongside.reminders.events import register_scanner

        register_section(
            CircleSection(
                key="journal",
                title=_("Journal"),
                url_name="journal:timeline",
                order=120,
                description=_("What you noticed, the last contact, and patterns over time."),
                panel_template="journal/_home_panel.html",
                context=_home_panel,
            )
        )
        register_section(
            CircleSection(
                key="self_care",
                title=_("Looking after yourself"),
                url_name="journal:self_care",
                order=130,
                description=_("Your private weekly check-in and self-care plan. Only you see it."),
                roles=frozenset({Role.ORGANISER, Role.SUPPORTER}),
            )
        )
        register_demo(demo.add_demo)
        register_scanner(reminders.scan_no_contact)
        register_scanner(reminders.scan_self_care)
