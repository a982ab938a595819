from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.audit.services import record_view
from alongside.circles.access import get_membership_or_404
from alongside.circles.records import default_visibility, get_visible_or_404
from alongside.notes import services
from alongside.notes.forms import NoteForm
from alongside.notes.models import Note


@login_required
def note_list(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    notes = Note.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    page = Paginator(notes, 25).get_page(request.GET.get("page"))
    return render(request, "notes/list.html", {"circle": membership.circle, "membership": membership, "page": page})


@login_required
def note_create(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    form = NoteForm(request.POST or None, initial={"visibility": default_visibility(membership.role)})
    if request.method == "POST" and form.is_valid():
        services.create_note(request.user, membership.circle, **form.cleaned_data)
        messages.success(request, _("Your note is saved."))
        return redirect("notes:list", circle_id=circle_id)
    return render(request, "notes/form.html", {"circle": membership.circle, "membership": membership, "form": form})


@login_required
def note_detail(request, circle_id, note_id):
    membership = get_membership_or_404(request.user, circle_id)
    note = get_visible_or_404(Note.objects.in_circle(membership.circle), request.user, pk=note_id)
    record_view(request.user, note)
    return render(request, "notes/detail.html", {"circle": membership.circle, "membership": membership, "note": note})


def _own_note_or_404(request, membership, note_id) -> Note:
    note = get_visible_or_404(Note.objects.in_circle(membership.circle), request.user, pk=note_id)
    if not note.can_edit(request.user):
        raise Http404
    return note


@login_required
def note_edit(request, circle_id, note_id):
    membership = get_membership_or_404(request.user, circle_id)
    note = _own_note_or_404(request, membership, note_id)
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        services.update_note(request.user, note, **form.cleaned_data)
        messages.success(request, _("Your note is saved."))
        return redirect("notes:detail", circle_id=circle_id, note_id=note.id)
    return render(
        request, "notes/form.html", {"circle": membership.circle, "membership": membership, "form": form, "note": note}
    )


@login_required
def note_delete(request, circle_id, note_id):
    membership = get_membership_or_404(request.user, circle_id)
    note = _own_note_or_404(request, membership, note_id)
    if request.method == "POST":
        services.delete_note(request.user, note)
        messages.success(request, _("The note is deleted."))
        return redirect("notes:list", circle_id=circle_id)
    return render(request, "notes/confirm_delete.html", {"circle": membership.circle, "membership": membership, "note": note})
