from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.audit.services import record_view
from alongside.circles.access import get_membership_or_404
from alongside.circles.models import Membership
from alongside.circles.records import default_visibility, get_visible_or_404
from alongside.directory import places, services
from alongside.directory.forms import CallLogForm, SearchForm, ShortlistAddForm, ShortlistItemForm, UploadForm
from alongside.directory.importers import ImportFileError, import_files, parse_mapping
from alongside.directory.models import CallLog, Facility, FacilitySource, ShortlistItem, ShortlistKind
from alongside.directory.search import load, search_matches


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request):
    return render(request, "directory/index.html", {
        "treatment_url": reverse("directory:treatment"),
        "meetings_url": _url_or_none("meetings:index"),
        "helplines_url": _url_or_none("directory:helplines"),
        "any_sample": FacilitySource.objects.filter(is_sample=True, facilities__isnull=False).exists(),
    })


def treatment(request):
    form = SearchForm(request.GET or None)
    place = None
    results = None
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            place = places.from_coordinates(data["lat"], data["lon"])
        elif data.get("q"):
            place = places.resolve(data["q"])
            if place is None:
                form.add_error("q", _("We could not find that place. Try a US ZIP code, the first three "
                                      'characters of a Canadian postal code, or a city such as "Toronto, ON".'))
        if place is not None:
            results = search_matches(place.latitude, place.longitude, form.radius_miles(), form.filters())
            page = Paginator(results, 25).get_page(request.GET.get("page"))
            page.object_list = load(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/treatment.html", {
        "form": form,
        "place": place,
        "page": page,
        "count": len(results) if results is not None else None,
        "any_sample": bool(page and any(f.source.is_sample for f, _d in page.object_list)),
        "query": query.urlencode(),
    })


def _member_circles(user):
    if not user.is_authenticated:
        return []
    return list(Membership.objects.for_user(user).select_related("circle"))


def facility_detail(request, facility_id):
    facility = get_object_or_404(Facility.objects.select_related("source"), pk=facility_id)
    shortlist_forms = [
        (m, ShortlistAddForm(initial={
            "kind": ShortlistKind.FACILITY, "ref": str(facility.pk), "name": facility.name, "phone": facility.phone,
            "address": facility.address, "url": facility.website, "visibility": default_visibility(m.role),
        }, auto_id=f"id_{str(m.circle_id)[:8]}_%s"))
        for m in _member_circles(request.user)
    ]
    return render(request, "directory/facility.html", {
        "facility": facility, "shortlist_forms": shortlist_forms,
    })


@login_required
def upload(request):
    """The host's import page: staff only; everyone else gets 404."""
    if not request.user.is_staff:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    report = error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = [(f.name, f.read()) for f in data["files"]]
            report = import_files(
                files, fmt=data["format"], source_key=data["source"], source_label=data["label"],
                mapping=parse_mapping(data["mapping"]), country=data["country"], actor=request.user,
            )
        except ImportFileError as exc:
            error = str(exc)
    return render(request, "directory/upload.html", {
        "form": form, "report": report, "error": error,
        "sources": FacilitySource.objects.order_by("label"),
    })


# --- Shortlist and call log (inside a circle) -------------------------------------------------

def _ctx(membership, **extra) -> dict:
    return {"circle": membership.circle, "membership": membership, **extra}


@login_required
def shortlist(request, circle_id):
    membership = get_membership_or_404(request.user, circle_id)
    items = ShortlistItem.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    return render(request, "directory/shortlist.html", _ctx(membership, items=items))


@login_required
def shortlist_add(request, circle_id):
    """POST the item's kind, ref, name, phone, address, url and visibility (facility and
    meeting pages post here). A GET shows the same form, filled from the query string."""
    membership = get_membership_or_404(request.user, circle_id)
    if request.method == "POST":
        form = ShortlistAddForm(request.POST)
        if form.is_valid():
            item = services.add_to_shortlist(request.user, membership.circle, **form.cleaned_data)
            messages.success(request, _("Saved to the shortlist."))
            return redirect("directory:shortlist_item", circle_id=circle_id, item_id=item.id)
    else:
        initial = {k: request.GET.get(k, "") for k in ("kind", "ref", "name", "phone", "address", "url")}
        form = ShortlistAddForm(initial={**initial, "visibility": default_visibility(membership.role)})
    return render(request, "directory/shortlist_add.html", _ctx(membership, form=form))


def _item_or_404(request, membership, item_id) -> ShortlistItem:
    return get_visible_or_404(ShortlistItem.objects.in_circle(membership.circle), request.user, pk=item_id)


@login_required
def shortlist_item(request, circle_id, item_id):
    membership = get_membership_or_404(request.user, circle_id)
    item = _item_or_404(request, membership, item_id)
    record_view(request.user, item)
    calls = CallLog.objects.visible_to(request.user).filter(item=item).select_related("author")
    facility = None
    if item.kind == ShortlistKind.FACILITY and services._is_uuid(item.ref):
        facility = Facility.objects.filter(pk=item.ref).first()
    return render(request, "directory/shortlist_item.html",
                  _ctx(membership, item=item, calls=calls, facility=facility))


def _own_item_or_404(request, membership, item_id) -> ShortlistItem:
    item = _item_or_404(request, membership, item_id)
    if not item.can_edit(request.user):
        raise Http404
    return item


@login_required
def shortlist_item_edit(request, circle_id, item_id):
    membership = get_membership_or_404(request.user, circle_id)
    item = _own_item_or_404(request, membership, item_id)
    form = ShortlistItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.update_shortlist_item(request.user, item, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("directory:shortlist_item", circle_id=circle_id, item_id=item.id)
    return render(request, "directory/shortlist_item_form.html", _ctx(membership, item=item, form=form))


@login_required
def shortlist_item_delete(request, circle_id, item_id):
    membership = get_membership_or_404(request.user, circle_id)
    item = _own_item_or_404(request, membership, item_id)
    if request.method == "POST":
        services.remove_from_shortlist(request.user, item)
        messages.success(request, _("Removed from the shortlist."))
        return redirect("directory:shortlist", circle_id=circle_id)
    return render(request, "directory/shortlist_item_delete.html", _ctx(membership, item=item))


@login_required
def call_add(request, circle_id, item_id):
    membership = get_membership_or_404(request.user, circle_id)
    item = _item_or_404(request, membership, item_id)
    initial = {
        "called_at": timezone.localtime().replace(second=0, microsecond=0),
        "visibility": item.visibility,  # those who see the item see its calls
    }
    form = CallLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.log_call(request.user, item, **form.cleaned_data)
        messages.success(request, _("The call is in the log."))
        return redirect("directory:shortlist_item", circle_id=circle_id, item_id=item.id)
    return render(request, "directory/call_form.html", _ctx(membership, item=item, form=form))


@require_POST
@login_required
def call_delete(request, circle_id, call_id):
    membership = get_membership_or_404(request.user, circle_id)
    call = get_visible_or_404(CallLog.objects.in_circle(membership.circle), request.user, pk=call_id)
    if not call.can_edit(request.user):
        raise Http404
    item_id = call.item_id
    services.delete_call(request.user, call)
    messages.success(request, _("The call is deleted from the log."))
    return redirect("directory:shortlist_item", circle_id=circle_id, item_id=item_id)
