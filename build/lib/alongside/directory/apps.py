from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "alongside.directory"
    label = "directory"

    def ready(self) -> None:
        from alongside.core.demo import register_demo
        from alongside.core.sections import CircleSection, register_section
        from alongside.directory import demo

        register_section(
            CircleSection(
                key="shortlist",
                title=_("Treatment and meetings shortlist"),
                url_name="directory:shortlist",
                order=300,
                description=_("Places the circle is looking at, with notes and a log of calls."),
            )
        )
        register_demo(demo.add_demo)
