"""Saving an entry without changing it never changes who can see it (issue 14).

For every kind of personal record that has an edit page, and every visibility its author
may choose on that page, the test makes a record, opens its edit form as its author,
submits the form's own values unchanged (read from the rendered HTML, as a browser would
send them) and checks that the visibility and the content are what they were.

The kinds are found, not listed by hand: every concrete ``PersonalRecord`` subclass must be
reached by an edit page (a ``*_edit`` URL rule in an app's ``access.py``, or one of the
pages below that edit a record without its id in the URL), or be named in
``WITHOUT_EDIT_PAGE`` with the reason. A new kind of record without either fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from alongside.circles.records import PersonalRecord, Visibility
from alongside.core.authz import Record, project_url_rules

# Kinds that no page edits once written: a new one is written instead, or it is toggled.
WITHOUT_EDIT_PAGE = {
    "care.RecoveryStart": "the start date is set once; days are marked on it",
    "care.RewardPlan": "a plan is replaced, not edited; outcomes are logged on it",
    "care.HabitCheckIn": "one check-in a day, written once",
    "care.RoutineItem": "added or removed, never edited",
    "safety.RiskEvent": "added or removed, never edited",
    "directory.CallLog": "a call is logged once, or deleted",
    "journal.CheckIn": "a self-care check-in is written once, and is only ever the author's",
    "firststeps.SituationChoice": "saved again by choosing a situation; no form with a visibility",
    "firststeps.StepDone": "toggled on the family path; sharing is one switch for all steps",
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def personal_record_kinds() -> list[str]:
    return sorted(
        _label(model)
        for model in apps.get_models()
        if issubclass(model, PersonalRecord)
        and not model._meta.abstract
        and model.__module__.startswith("alongside.")
    )


@dataclass(frozen=True)
class EditCase:
    """How to make one record of a kind and where its author edits it."""

    kind: str
    author_role: str
    make: Callable[..., Any]
    url: Callable[[Any, Any], str]  # url(circle, record)


def _from_url_rules() -> list[EditCase]:
    """Every ``<app>:<name>_edit`` page whose rule makes a record: the generic edit pages."""
    cases = []
    for name, rule in sorted(project_url_rules().items()):
        if not (isinstance(rule, Record) and name.rsplit(":", 1)[-1].split("_")[-1] == "edit"):
            continue

        def url(circle, record, name=name, kwarg=rule.kwarg):
            return reverse(name, kwargs={"circle_id": circle.id, kwarg: record.id})

        cases.append(EditCase(kind=name, author_role=rule.author_role, make=rule.make, url=url))
    return cases


def _make_relapse_plan(*, circle, author, visibility):
    from alongside.plans.access import make_relapse_plan

    return make_relapse_plan(circle=circle, author=author, visibility=visibility)


def _make_goal(*, circle, author, visibility):
    from alongside.plans.models import PersonalGoal

    return PersonalGoal.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        choice="reduced",
        in_their_words="Less on weekdays",
        agreed_by_person=True,
    )


def _make_wishes(*, circle, author, visibility):
    from alongside.safety.models import EmergencyWishes

    return EmergencyWishes.objects.create(
        circle=circle, author=author, visibility=visibility, wishes="Call my sister"
    )


def _make_self_care_plan(*, circle, author, visibility):
    from alongside.journal.models import SelfCarePlan

    return SelfCarePlan.objects.create(
        circle=circle, author=author, visibility=visibility, helps="A long walk"
    )


def _make_worksheet(*, circle, author, visibility):
    from alongside.programme.models import Worksheet

    return Worksheet.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        skill="problem-solving",
        answers={
            "problem": "Money",
            "option_1": "A bus pass",
            "pros_1": "No cash",
            "step_date": "2026-03-02",
        },
        notes="Ask Dad first",
    )


# Pages that edit the author's one record of a kind, with no record id in the URL.
ONE_PER_AUTHOR_PAGES = [
    EditCase(
        "plans:relapse_plan_edit",
        "person",
        _make_relapse_plan,
        lambda c, r: reverse("plans:relapse_plan_edit", args=[c.id]),
    ),
    EditCase("plans:goal", "person", _make_goal, lambda c, r: reverse("plans:goal", args=[c.id])),
    EditCase("safety:plan", "person", _make_wishes, lambda c, r: reverse("safety:plan", args=[c.id])),
    EditCase(
        "journal:self_care_plan",
        "supporter",
        _make_self_care_plan,
        lambda c, r: reverse("journal:self_care_plan", args=[c.id]),
    ),
    EditCase(
        "programme:worksheet",
        "supporter",
        _make_worksheet,
        lambda c, r: reverse("programme:worksheet", args=[c.id, r.skill]),
    ),
]


def edit_cases() -> list[EditCase]:
    return _from_url_rules() + ONE_PER_AUTHOR_PAGES


class _PostForms(HTMLParser):
    """The fields each ``<form method="post">`` of a page would send, as a browser sends them
    when its (unnamed) submit button is pressed: text inputs, checked boxes and radios,
    textareas and selected options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = []
        if self._form is None or "disabled" in a:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if not a.get("name") or kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._form.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = (
                self._option["value"]
                if self._option["value"] is not None
                else "".join(self._option["text"]).strip()
            )
            self._options.append((value, self._option["selected"]))
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _s in self._options[:1]]
            self._form.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def edit_form_data(html: str, record_fields: set[str]) -> dict[str, list[str]]:
    """The post form on the page that edits the record: the one with a visibility choice, or
    (for a record whose visibility is fixed) the one whose fields are most the record's."""
    parser = _PostForms()
    parser.feed(html)
    candidates = [f for f in parser.forms if any(name == "visibility" for name, _v in f)]
    if not candidates:
        candidates = sorted(parser.forms, key=lambda f: -len({n for n, _v in f} & record_fields))[:1]
    assert len(candidates) == 1, f"expected one edit form, found {len(candidates)}"
    data: dict[str, list[str]] = {}
    for name, value in candidates[0]:
        data.setdefault(name, []).append(value)
    return data


def visibility_choices(html: str) -> list[str]:
    """Every visibility the edit form offers its author (radio buttons named visibility)."""
    parser = _ChoiceParser()
    parser.feed(html)
    return parser.values


class _ChoiceParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "visibility" and a.get("value"):
            self.values.append(a["value"])


# Fields a view sets from who the author is, not from the form: when the person writes their own
# medication or plan, it is by definition agreed with, and made with, the person.
SET_FROM_THE_AUTHOR = {"agreed_by_person", "made_with_person"}


def content_of(record, shown: set[str]) -> dict:
    """The record's own fields as stored (decrypted), except the time it was last saved and the
    fields a view sets from the author when the form does not show them. Times are compared to
    the minute, the precision of the form's date-time fields."""
    skip = {"updated_at"} | (SET_FROM_THE_AUTHOR - shown)
    content = {}
    for field in record._meta.concrete_fields:
        if field.name in skip:
            continue
        value = getattr(record, field.attname)
        if isinstance(value, datetime) and field.name != "created_at":
            value = value.replace(second=0, microsecond=0)
        content[field.attname] = value
    return content


def _case_ids():
    return [case.kind for case in edit_cases()]


@pytest.mark.django_db
def test_every_personal_record_kind_is_covered_by_an_edit_page_or_says_why_not(circle_members):
    c = circle_members
    covered = {}
    for case in edit_cases():
        record = case.make(circle=c["circle"], author=c[case.author_role], visibility=Visibility.ONLY_ME)
        covered[_label(type(record))] = case.kind
    kinds = personal_record_kinds()
    missing = [k for k in kinds if k not in covered and k not in WITHOUT_EDIT_PAGE]
    assert not missing, f"record kinds with no edit-page test and no reason in WITHOUT_EDIT_PAGE: {missing}"
    both = [k for k in WITHOUT_EDIT_PAGE if k in covered]
    assert not both, f"these kinds have an edit page after all ({both}): take them out of WITHOUT_EDIT_PAGE"
    stale = [k for k in WITHOUT_EDIT_PAGE if k not in kinds]
    assert not stale, f"WITHOUT_EDIT_PAGE names kinds that no longer exist: {stale}"
    assert len(covered) >= 13  # notes, four in care and plans each, journal, safety, directory, library


@pytest.mark.django_db
@pytest.mark.parametrize("case", edit_cases(), ids=_case_ids())
def test_saving_an_edit_form_unchanged_keeps_the_visibility_and_the_content(case, circle_members, client):
    c = circle_members
    author = c[case.author_role]
    client.force_login(author)
    # Which visibilities this author may choose: read from the form itself.
    probe = case.make(circle=c["circle"], author=author, visibility=Visibility.ONLY_ME)
    page = client.get(case.url(c["circle"], probe))
    assert page.status_code == 200
    offered = visibility_choices(page.content.decode()) or [probe.visibility]
    probe.delete()
    assert set(offered) <= set(Visibility.values)

    for visibility in offered:
        record = case.make(circle=c["circle"], author=author, visibility=visibility)
        model = type(record)
        page = client.get(case.url(c["circle"], record))
        assert page.status_code == 200, visibility
        html = page.content.decode()
        data = edit_form_data(html, {f.name for f in model._meta.concrete_fields})
        before = content_of(model.objects.get(pk=record.pk), set(data))
        if "visibility" in data:
            assert data["visibility"] == [visibility], (
                f"the form pre-selects {data['visibility']}, the record is {visibility}"
            )
        response = client.post(case.url(c["circle"], record), data)
        assert response.status_code == 302, f"{case.kind} ({visibility}): the unchanged form did not save"
        after = content_of(model.objects.get(pk=record.pk), set(data))
        assert after["visibility"] == visibility, f"{case.kind}: {visibility} became {after['visibility']}"
        assert after == before, f"{case.kind} ({visibility}): an unchanged save changed the content"
        record.delete()


def test_the_form_reader_sends_what_a_browser_sends():
    html = """
    <form method="get"><input name="q" value="ignored"></form>
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="A &amp; B"><textarea name="body">
first line</textarea>
      <input type="radio" name="visibility" value="only_me">
      <input type="radio" name="visibility" value="circle" checked>
      <input type="checkbox" name="flag" value="1"><input type="checkbox" name="tick" value="a" checked>
      <select name="kind"><option value="x">X</option><option value="y" selected>Y</option></select>
      <select name="empty"><option value="first">F</option><option value="second">S</option></select>
      <button type="submit" name="check" value="1">Check</button>
    </form>"""
    data = edit_form_data(html, set())
    assert data == {
        "csrfmiddlewaretoken": ["t"],
        "title": ["A & B"],
        "body": ["first line"],
        "visibility": ["circle"],
        "tick": ["a"],
        "kind": ["y"],
        "empty": ["first"],
    }
    assert visibility_choices(html) == ["only_me", "circle"]
