from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "alongside.audit"
    label = "audit"

    def ready(self) -> None:
        from alongside.core.sections import CircleSection, register_section

        register_section(
            CircleSection(
                key="trail",
                title=_("Who did what"),
                url_name="audit:trail",
                order=920,
                description=_("The record of who created, changed, read or deleted entries here."),
            )
        )
