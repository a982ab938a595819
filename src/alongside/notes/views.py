from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.circles.access import (
    circle_context,
    circle_view,
    form_page,
    read_record_or_404,
    record_delete_view,
)
from alongside.circles.records import get_visible_or_404
from alongside.notes import services
from alongside.notes.forms import NoteForm
from alongside.notes.models import Note


@circle_view
def note_list(request, membership):
    # The list shows titles only: bodies are neither read nor decrypted.
    notes = (
        Note.objects.visible_to(request.user)
        .in_circle(membership.circle)
        .select_related("author")
        .defer("body")
    )
    page = Paginator(notes, 25).get_page(request.GET.get("page"))
    return render(request, "notes/list.html", circle_context(membership, page=page))


@circle_view
def note_create(request, membership):
    return form_page(
        request,
        membership,
        NoteForm(request.POST or None, role=membership.role),
        save=lambda form: services.create_note(request.user, membership.circle, **form.cleaned_data),
        message=_("Your note is saved."),
        done=lambda note: reverse("notes:list", args=[membership.circle_id]),
        template="notes/form.html",
    )


@circle_view
def note_detail(request, membership, note_id):
    note = read_record_or_404(request, membership, Note, note_id)
    return render(request, "notes/detail.html", circle_context(membership, note=note))


@circle_view
def note_edit(request, membership, note_id):
    note = get_visible_or_404(Note, request.user, for_edit=True, circle=membership.circle, pk=note_id)
    return form_page(
        request,
        membership,
        NoteForm(request.POST or None, instance=note, role=membership.role),
        save=lambda form: services.update_note(request.user, note, **form.cleaned_data),
        message=_("Your note is saved."),
        done=lambda note: reverse("notes:detail", args=[membership.circle_id, note.id]),
        template="notes/form.html",
        note=note,
    )


note_delete = record_delete_view(
    Note,
    kwarg="note_id",
    delete=services.delete_note,
    message=gettext_lazy("The note is deleted."),
    done=lambda note: reverse("notes:list", args=[note.circle_id]),
    template="notes/confirm_delete.html",
    context=lambda note: {"note": note},
)
