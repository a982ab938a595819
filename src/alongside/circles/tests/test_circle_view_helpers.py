"""The one way to write a circle view: @circle_view, get_visible_or_404(for_edit=True),
the record form rule for visibility, and the delete pattern."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.circles.access import ORGANISERS, circle_view, record_delete_view
from alongside.circles.models import Membership, Role
from alongside.circles.records import Visibility, get_visible_or_404
from alongside.notes import services as note_services
from alongside.notes.forms import NoteForm
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db


def _request(user, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@circle_view
def _any_member(request, membership, extra=None):
    return HttpResponse(f"{membership.circle_id}|{membership.role}|{extra}")


@circle_view(roles=ORGANISERS)
def _organisers_only(request, membership):
    return HttpResponse(membership.role)


def test_circle_view_hands_the_members_own_membership_to_the_view(circle_members):
    c = circle_members
    response = _any_member(_request(c["person"]), circle_id=c["circle"].id, extra="x")
    assert response.content.decode() == f"{c['circle'].id}|{Role.PERSON}|x"


def test_circle_view_answers_404_to_outsiders_and_to_roles_not_allowed(circle_members):
    c = circle_members
    with pytest.raises(Http404):
        _any_member(_request(c["outsider"]), circle_id=c["circle"].id)
    for role in ("supporter", "person", "professional"):
        with pytest.raises(Http404):
            _organisers_only(_request(c[role]), circle_id=c["circle"].id)
    assert _organisers_only(_request(c["organiser"]), circle_id=c["circle"].id).content == b"organiser"


def test_circle_view_sends_anonymous_visitors_to_log_in(circle_members):
    response = _any_member(_request(AnonymousUser()), circle_id=circle_members["circle"].id)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_who_has_left_gets_404(circle_members):
    c = circle_members
    Membership.objects.filter(circle=c["circle"], user=c["supporter"]).update(left_at=timezone.now())
    with pytest.raises(Http404):
        _any_member(_request(c["supporter"]), circle_id=c["circle"].id)


def test_for_edit_gives_the_author_their_record_and_every_reader_404(circle_members):
    c = circle_members
    note = Note.objects.create(
        circle=c["circle"], author=c["supporter"], visibility=Visibility.CIRCLE, title="t", body="b"
    )
    assert get_visible_or_404(Note, c["supporter"], for_edit=True, pk=note.pk) == note
    for reader in ("organiser", "person"):
        assert get_visible_or_404(Note, c[reader], pk=note.pk) == note  # they may read it
        with pytest.raises(Http404):
            get_visible_or_404(Note, c[reader], for_edit=True, pk=note.pk)  # but not change it
    for stranger in ("professional", "outsider"):
        with pytest.raises(Http404):
            get_visible_or_404(Note, c[stranger], pk=note.pk)


def test_a_new_record_form_starts_from_the_roles_default_and_an_existing_one_keeps_its_own(circle_members):
    c = circle_members
    assert NoteForm(role=Role.SUPPORTER).initial["visibility"] == Visibility.SUPPORTERS
    assert NoteForm(role=Role.PERSON).initial["visibility"] == Visibility.ONLY_ME
    for visibility in Visibility.values:
        note = Note.objects.create(
            circle=c["circle"], author=c["person"], visibility=visibility, title="t", body="b"
        )
        # Even a caller that passes the role's default cannot make the form show anything else.
        form = NoteForm(instance=note, role=Role.PERSON, initial={"visibility": Visibility.ONLY_ME})
        assert form["visibility"].value() == visibility


note_delete = record_delete_view(
    Note,
    kwarg="note_id",
    delete=note_services.delete_note,
    done=lambda note: "/done/",
    template="notes/confirm_delete.html",
    context=lambda note: {"note": note},
)


def test_the_delete_view_confirms_on_get_and_deletes_with_an_audit_row_on_post(circle_members):
    c = circle_members
    note = Note.objects.create(
        circle=c["circle"], author=c["supporter"], visibility=Visibility.SUPPORTERS, title="Keep?", body="b"
    )
    page = note_delete(_request(c["supporter"]), circle_id=c["circle"].id, note_id=note.id)
    assert (
        page.status_code == 200
        and "Keep?" in page.content.decode()
        and Note.objects.filter(pk=note.pk).exists()
    )
    with pytest.raises(Http404):  # a reader who is not the author
        note_delete(_request(c["organiser"], "post"), circle_id=c["circle"].id, note_id=note.id)
    assert Note.objects.filter(pk=note.pk).exists()
    response = note_delete(_request(c["supporter"], "post"), circle_id=c["circle"].id, note_id=note.id)
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert not Note.objects.filter(pk=note.pk).exists()
    assert AuditEvent.objects.filter(actor=c["supporter"], action="deleted", target_id=str(note.pk)).exists()


def test_a_delete_without_a_confirm_page_takes_post_only(circle_members):
    c = circle_members
    view = record_delete_view(
        Note, kwarg="note_id", delete=note_services.delete_note, done=lambda note: "/done/"
    )
    note = Note.objects.create(
        circle=c["circle"], author=c["supporter"], visibility=Visibility.SUPPORTERS, title="t", body="b"
    )
    assert view(_request(c["supporter"]), circle_id=c["circle"].id, note_id=note.id).status_code == 405
    assert Note.objects.filter(pk=note.pk).exists()
