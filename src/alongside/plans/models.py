"""Plans: boundaries, conversation plans, the relapse-prevention plan and the person's own goal.

Every plan is a personal record (see ``circles.records``). Child rows (a boundary's test log, a
conversation's outcomes) have no visibility of their own: they are read through their parent,
so they are exactly as private as it is. The relapse plan's versions are the exception: each
keeps the visibility the plan had when it was saved, so sharing a plan never shares its past.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.circles.records import PersonalRecord, Visibility, visibility_q
from alongside.core.fields import EncryptedCharField, EncryptedTextField

# --- Boundaries ------------------------------------------------------------------------------------


class BoundaryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed with the person")
    RETIRED = "retired", _("Retired")


class Boundary(PersonalRecord):
    """What I will or will not do, why, and what follows if it is crossed."""

    what = EncryptedTextField(
        _("what I will or will not do"),
        max_length=300,
        help_text=_("For example: no drug use in our home; no cash, but I will pay for a bus pass."),
    )
    why = EncryptedTextField(_("why it matters to me"), max_length=1000)
    consequence = EncryptedTextField(
        _("what follows if it is crossed"),
        max_length=500,
        help_text=_("Something you are ready to do calmly, every time. Never a punishment or a threat."),
    )
    held_by = EncryptedTextField(
        _("who holds it"),
        max_length=120,
        blank=True,
        help_text=_("For example: Mum and Dad, or the whole household."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BoundaryStatus.choices, default=BoundaryStatus.PROPOSED
    )

    audit_label = "boundary"

    class Meta:
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["circle", "-created_at"])]

    def __str__(self) -> str:
        return self.what


class FollowedThrough(models.TextChoices):
    YES = "yes", _("Yes, I followed through")
    PARTLY = "partly", _("Partly")
    NO = "no", _("Not this time")


class BoundaryTest(models.Model):
    """One time a boundary was tested, and whether the consequence was followed through."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="tests")
    happened_on = models.DateField(_("when it happened"))
    what_happened = EncryptedTextField(_("what happened"), max_length=1000)
    followed_through = models.CharField(
        _("did the consequence follow?"), max_length=10, choices=FollowedThrough.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.followed_through}"


# --- Conversation plans ----------------------------------------------------------------------------


class ConversationPlan(PersonalRecord):
    """A plan for one caring conversation, built on CRAFT and motivational interviewing."""

    goal = EncryptedTextField(
        _("the goal of this talk"),
        max_length=300,
        help_text=_("One small, clear aim. For example: that they hear I am worried, and know I will help."),
    )
    moment = EncryptedTextField(
        _("a calm moment"),
        max_length=300,
        help_text=_("When you are both calm, and not while they are high or in withdrawal."),
    )
    opening = EncryptedTextField(
        _("an opening that starts from care"),
        max_length=600,
        help_text=_("For example: I love you and I miss the time we spend together."),
    )
    i_statements = EncryptedTextField(
        _("what I want to say, as I-statements"),
        max_length=1500,
        help_text=_("Speak about what you feel and notice: I feel…, I worry when…, I would love…"),
    )
    ask_help = EncryptedTextField(
        _("how I will ask what help they feel they need"),
        max_length=600,
        blank=True,
        help_text=_("For example: What would help you right now? Is there anything you would want from me?"),
    )
    options = EncryptedTextField(
        _("options ready if they say yes"),
        max_length=1500,
        blank=True,
        help_text=_("Treatment places, phone numbers, times. Have them ready for the moment they say yes."),
    )
    if_no = EncryptedTextField(
        _("what I will do if the answer is no"),
        max_length=600,
        blank=True,
        help_text=_("For example: thank them for listening, stay kind, and try again another day."),
    )
    self_care = EncryptedTextField(_("how I will look after myself afterwards"), max_length=600, blank=True)

    audit_label = "conversation plan"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["circle", "-created_at"])]

    def __str__(self) -> str:
        return self.goal


class ConversationOutcome(models.Model):
    """How a planned conversation went, and what to try next time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ConversationPlan, on_delete=models.CASCADE, related_name="outcomes")
    happened_on = models.DateField(_("when we talked"))
    how_it_went = EncryptedTextField(_("how it went"), max_length=1500)
    next_time = EncryptedTextField(_("what to try next time"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-created_at"]

    def __str__(self) -> str:
        return str(self.happened_on)


# --- The relapse-prevention plan ------------------------------------------------------------------

# The plan's sections, in the order they are shown, printed and compared between versions.
RELAPSE_SECTIONS: tuple[tuple[str, object], ...] = (
    ("triggers_people", _("Triggers: people")),
    ("triggers_places", _("Triggers: places")),
    ("triggers_feelings", _("Triggers: feelings")),
    ("triggers_times", _("Triggers: times")),
    ("warning_signs", _("Early warning signs")),
    ("coping", _("What helps me cope")),
    ("people_to_call", _("People to call, with their numbers")),
    ("meetings", _("Meetings")),
    ("supporters_agree", _("If a relapse happens, what each supporter agrees to do")),
    ("professionals", _("Professional contacts")),
)
SECTION_KEYS = tuple(key for key, _label in RELAPSE_SECTIONS)


class RelapsePlan(PersonalRecord):
    """The relapse-prevention plan. Made with the person, and theirs when they are in the circle."""

    triggers_people = EncryptedTextField(_("Triggers: people"), max_length=1000, blank=True)
    triggers_places = EncryptedTextField(_("Triggers: places"), max_length=1000, blank=True)
    triggers_feelings = EncryptedTextField(_("Triggers: feelings"), max_length=1000, blank=True)
    triggers_times = EncryptedTextField(_("Triggers: times"), max_length=1000, blank=True)
    warning_signs = EncryptedTextField(_("Early warning signs"), max_length=1500, blank=True)
    coping = EncryptedTextField(_("What helps me cope"), max_length=1500, blank=True)
    people_to_call = EncryptedTextField(
        _("People to call, with their numbers"),
        max_length=1000,
        blank=True,
        help_text=_("One a line, for example: Rosa 555 0134"),
    )
    meetings = EncryptedTextField(_("Meetings"), max_length=1000, blank=True)
    supporters_agree = EncryptedTextField(
        _("If a relapse happens, what each supporter agrees to do"),
        max_length=1500,
        blank=True,
        help_text=_(
            "No shaming. Safety first: naloxone close by, and remember that tolerance is lower after a break."
        ),
    )
    professionals = EncryptedTextField(_("Professional contacts"), max_length=1000, blank=True)
    made_with_person = models.BooleanField(_("we made this plan together with the person"), default=False)

    audit_label = "relapse plan"

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "author"], name="one_relapse_plan_per_author")
        ]

    def __str__(self) -> str:
        return "relapse-prevention plan"

    def sections(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in SECTION_KEYS}

    def filled_sections(self) -> list[tuple[object, str]]:
        return [(label, getattr(self, key)) for key, label in RELAPSE_SECTIONS if getattr(self, key).strip()]


class PlanVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The versions ``user`` could read when they were written: a version is a record too.

        Sharing a plan shares its current text, never the versions written while it was
        private. Built on the same rule as every record, with the version's own visibility.
        """
        return self.filter(visibility_q(user, circle_field="plan__circle", author_field="plan__author"))


class PlanVersion(models.Model):
    """One saved state of a relapse plan: who saved it, when, every section's text, and who
    could read the plan at that moment (``visibility``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(RelapsePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_label = EncryptedCharField(max_length=60, blank=True)
    snapshot = EncryptedTextField()  # JSON of the sections, encrypted like the plan itself
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.ONLY_ME)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")]

    def __str__(self) -> str:
        return f"version {self.number}"

    def sections(self) -> dict[str, str]:
        data = json.loads(self.snapshot or "{}")
        return {key: data.get(key, "") for key in SECTION_KEYS}


# --- The person's own goal -------------------------------------------------------------------------


class GoalChoice(models.TextChoices):
    ABSTINENCE = "abstinence", _("Not using at all")
    REDUCED = "reduced", _("Using less")
    UNDECIDED = "undecided", _("Not decided yet")


class PersonalGoal(PersonalRecord):
    """The person's own goal, in their words: set by them, or recorded with their agreement."""

    choice = EncryptedTextField(_("goal"), max_length=12, choices=GoalChoice.choices)
    in_their_words = EncryptedTextField(_("in their own words"), max_length=1000, blank=True)
    agreed_by_person = models.BooleanField(_("the person agreed to this being recorded"), default=False)

    audit_label = "goal"

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.get_choice_display()
