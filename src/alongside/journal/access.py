from alongside.circles.access import ORGANISERS, SUPPORTING_ROLES
from alongside.core.authz import Member, Record


def make_observation(*, circle, author, visibility):
    from alongside.journal.models import Observation

    return Observation.objects.create(
        circle=circle, author=author, visibility=visibility, signs=["mood_swings"]
    )


def make_contact(*, circle, author, visibility):
    from alongside.journal.models import Contact

    return Contact.objects.create(circle=circle, author=author, visibility=visibility, how="call")


URL_RULES = {
    "journal:timeline": Member(),
    "journal:observe": Member(roles=SUPPORTING_ROLES),
    "journal:observation": Record(kwarg="entry_id", make=make_observation),
    "journal:observation_edit": Record(kwarg="entry_id", make=make_observation, author_only=True),
    "journal:observation_delete": Record(kwarg="entry_id", make=make_observation, author_only=True),
    "journal:contact_create": Member(roles=SUPPORTING_ROLES),
    "journal:contact": Record(kwarg="entry_id", make=make_contact),
    "journal:contact_edit": Record(kwarg="entry_id", make=make_contact, author_only=True),
    "journal:contact_delete": Record(kwarg="entry_id", make=make_contact, method="POST", author_only=True),
    "journal:patterns": Member(),
    "journal:export_csv": Member(),
    "journal:export_print": Member(),
    "journal:settings": Member(roles=ORGANISERS),
    # The self-care space belongs to each supporter alone: every page shows only the
    # signed-in member's own check-ins and plan; other roles and outsiders get 404.
    "journal:self_care": Member(roles=SUPPORTING_ROLES),
    "journal:self_care_check_in": Member(roles=SUPPORTING_ROLES, method="POST"),
    "journal:self_care_plan": Member(roles=SUPPORTING_ROLES),
}
