from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "alongside.circles"
    label = "circles"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from alongside.circles.models import Circle, Membership
        from alongside.circles.records import forget_memberships
        from alongside.core.sections import CircleSection, register_section

        for model in (Membership, Circle):
            post_save.connect(
                forget_memberships, sender=model, dispatch_uid=f"forget-memberships-{model.__name__}"
            )
            post_delete.connect(
                forget_memberships, sender=model, dispatch_uid=f"forget-memberships-del-{model.__name__}"
            )

        register_section(
            CircleSection(
                key="members",
                title=_("People in this circle"),
                url_name="circles:members",
                order=900,
                description=_("Who is here, their roles, and invitations."),
            )
        )
        register_section(
            CircleSection(
                key="settings",
                title=_("Circle settings and sharing"),
                url_name="circles:settings",
                order=950,
                description=_("The circle's name and time zone, and what professionals may see."),
            )
        )
        register_section(
            CircleSection(
                key="my_records",
                title=_("My records"),
                url_name="circles:my_records",
                order=940,
                description=_(
                    "Who may change your recovery count, goal and medications; undo what others changed."
                ),
                roles=frozenset({"person"}),
            )
        )
