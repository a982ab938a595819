from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.audit.services import record_view
from alongside.circles.access import circle_context, circle_view, record_delete_view
from alongside.circles.models import Membership
from alongside.circles.records import get_visible_or_404
from alongside.core import links
from alongside.library import content, services
from alongside.library import search as library_search
from alongside.library.forms import ChecklistForm
from alongside.library.models import ProgrammeChecklist


def _library():
    lang = translation.get_language() or "en"
    library = content.load(lang.split("-")[0])
    return library if library.articles else content.load("en")


def _reader_circle(user) -> tuple:
    """The circle (and the reader's role in it) that features in articles link into."""
    if not user.is_authenticated:
        return None, None
    latest = Membership.objects.for_user(user).order_by("-joined_at").values_list("circle_id", "role").first()
    return latest or (None, None)


def index(request):
    library = _library()
    return render(request, "library/index.html", {"topics": library.by_topic(), "library": library})


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    library = _library()
    results = library_search.search(query, library.lang) if query else []
    template = "library/_results.html" if request.headers.get("HX-Request") else "library/search.html"
    return render(request, template, {"query": query, "results": results})


def article(request, slug):
    library = _library()
    item = library.articles.get(slug)
    if item is None:
        raise Http404
    circle_id, role = _reader_circle(request.user)
    features = []
    for feature in item.features:
        features.append(
            {
                "key": feature,
                "url": links.resolve(feature, circle_id, role),
                "needs_circle": links.needs_circle(feature),
            }
        )
    checklist_circles = []
    if item.checklist and request.user.is_authenticated:
        checklist_circles = list(Membership.objects.for_user(request.user).select_related("circle"))
    context = {
        "article": item,
        "body": mark_safe(content.render(item.body, circle_id=circle_id, role=role)),  # noqa: S308 raw HTML is off in the renderer
        "related": [library.articles[s] for s in item.related if s in library.articles],
        "features": features,
        "checklist_circles": checklist_circles,
    }
    return render(request, "library/article.html", context)


def glossary(request):
    library = _library()
    groups: dict[str, list] = {}
    for item in sorted(library.terms.values(), key=lambda t: library_search.normalise(t.term)):
        groups.setdefault(library_search.normalise(item.term)[0].upper(), []).append(
            (item, library.articles.get(item.article or ""))
        )
    return render(request, "library/glossary.html", {"groups": sorted(groups.items())})


def term(request, slug):
    library = _library()
    item = library.terms.get(slug)
    if item is None:
        raise Http404
    return render(
        request, "library/term.html", {"term": item, "article": library.articles.get(item.article or "")}
    )


# --- The programme checklist, kept inside a circle ------------------------------------------


def _checklist_article(slug):
    item = _library().articles.get(slug)
    if item is None or not item.checklist:
        raise Http404
    return item


@circle_view
def checklists(request, membership):
    items = (
        ProgrammeChecklist.objects.visible_to(request.user)
        .in_circle(membership.circle)
        .select_related("author")
    )
    library = _library()
    with_articles = library.articles
    rows = [(c, with_articles.get(c.article_slug)) for c in items]
    return render(
        request,
        "library/checklists.html",
        circle_context(
            membership, rows=rows, checklist_articles=[a for a in library.articles.values() if a.checklist]
        ),
    )


@circle_view
def checklist_create(request, membership, slug):
    item = _checklist_article(slug)
    form = ChecklistForm(
        request.POST or None,
        items=item.checklist,
        role=membership.role,
    )
    if request.method == "POST" and form.is_valid():
        checklist = services.create_checklist(
            request.user, membership.circle, article_slug=slug, **form.cleaned_data
        )
        messages.success(request, _("Your checklist is saved in the circle."))
        return redirect("library:checklist_edit", circle_id=membership.circle_id, checklist_id=checklist.id)
    return render(
        request,
        "library/checklist_form.html",
        circle_context(membership, form=form, article=item, checklist=None),
    )


@circle_view
def checklist_edit(request, membership, checklist_id):
    checklist = get_visible_or_404(
        ProgrammeChecklist, request.user, circle=membership.circle, pk=checklist_id
    )
    item = _checklist_article(checklist.article_slug)
    can_edit = checklist.can_edit(request.user)
    initial = {"programme": checklist.programme, "ticked": checklist.ticked, "notes": checklist.notes}
    form = ChecklistForm(request.POST or None, items=item.checklist, initial=initial, record=checklist)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            services.update_checklist(request.user, checklist, **form.cleaned_data)
            messages.success(request, _("Your checklist is saved in the circle."))
            return redirect(
                "library:checklist_edit", circle_id=membership.circle_id, checklist_id=checklist.id
            )
    else:
        record_view(request.user, checklist)
    return render(
        request,
        "library/checklist_form.html",
        circle_context(
            membership,
            form=form,
            article=item,
            checklist=checklist,
            can_edit=can_edit,
            ticked_items=[i for i in item.checklist if i.key in checklist.ticked],
        ),
    )


checklist_delete = record_delete_view(
    ProgrammeChecklist,
    kwarg="checklist_id",
    delete=services.delete_checklist,
    message=gettext_lazy("The checklist is deleted."),
    done=lambda checklist: reverse("library:checklists", args=[checklist.circle_id]),
)
