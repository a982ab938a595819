from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "alongside.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from django.core import checks

        from alongside.core.sections import CircleSection, register_section
        from alongside.library import checks as library_checks

        checks.register(library_checks.content_is_sound)
        register_section(
            CircleSection(
                key="checklists",
                title=_("Checklists"),
                url_name="library:checklists",
                order=320,
                description=_(
                    "Questions for treatment programmes and other lists from the library, ticked and kept with your answers."
                ),
            )
        )
