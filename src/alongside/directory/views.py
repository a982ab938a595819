from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.circles.access import (
    circle_context,
    circle_view,
    form_page,
    read_record_or_404,
    record_delete_view,
)
from alongside.circles.models import Membership
from alongside.circles.records import get_visible_or_404
from alongside.core import imports
from alongside.core.admin_site import verified_staff_view
from alongside.core.zones import country_hint, uses_km
from alongside.directory import helplines, places, services
from alongside.directory.forms import CallLogForm, SearchForm, ShortlistAddForm, ShortlistItemForm, UploadForm
from alongside.directory.importers import ImportFileError, parse_mapping, sniff_format
from alongside.directory.models import CallLog, Facility, FacilitySource, ShortlistItem, ShortlistKind
from alongside.directory.search import load, search_matches


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request):
    return render(
        request,
        "directory/index.html",
        {
            "treatment_url": reverse("directory:treatment"),
            "meetings_url": _url_or_none("meetings:index"),
            "helplines_url": _url_or_none("directory:helplines"),
            "any_sample": FacilitySource.objects.filter(is_sample=True, facilities__isnull=False).exists(),
        },
    )


def treatment(request):
    hint = country_hint(request)
    form = SearchForm(request.GET or None, country=hint, use_km=uses_km(hint, translation.get_language()))
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
                form.add_error(
                    "q",
                    _(
                        "We could not find that place. Try a US ZIP code, the first three "
                        'characters of a Canadian postal code, or a city such as "Toronto, ON".'
                    ),
                )
        if place is not None:
            if place.country:
                form.for_country(place.country, use_km=uses_km(place.country, translation.get_language()))
            results = search_matches(place.latitude, place.longitude, form.radius_miles(), form.filters())
            page = Paginator(results, 25).get_page(request.GET.get("page"))
            page.object_list = load(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    nothing_found = form.is_bound and (results == [] or (place is None and "q" in form.errors))
    help_country = place.country if place is not None and place.country else hint
    return render(
        request,
        "directory/treatment.html",
        {
            "help": helplines.no_results_help(help_country) if nothing_found else None,
            "form": form,
            "place": place,
            "page": page,
            "count": len(results) if results is not None else None,
            "any_sample": bool(page and any(f.source.is_sample for f, _d in page.object_list)),
            "query": query.urlencode(),
            "use_km": uses_km(place.country if place and place.country else hint, translation.get_language()),
        },
    )


def _member_circles(user):
    if not user.is_authenticated:
        return []
    return list(Membership.objects.for_user(user).select_related("circle"))


def facility_detail(request, facility_id):
    facility = get_object_or_404(Facility.objects.select_related("source"), pk=facility_id)
    shortlist_forms = [
        (
            m,
            ShortlistAddForm(
                initial={
                    "kind": ShortlistKind.FACILITY,
                    "ref": str(facility.pk),
                    "name": facility.name,
                    "phone": facility.phone,
                    "address": facility.address,
                    "url": facility.website,
                },
                role=m.role,
                auto_id=f"id_{str(m.circle_id)[:8]}_%s",
            ),
        )
        for m in _member_circles(request.user)
    ]
    return render(
        request,
        "directory/facility.html",
        {
            "facility": facility,
            "shortlist_forms": shortlist_forms,
        },
    )


@verified_staff_view
def upload(request):
    """The host's import page (staff with a second factor, as the admin; 404 for everyone else).
    An upload is saved and imported by the background worker; the page then shows its progress
    (polled with htmx, or refreshed by hand or by the page itself without JavaScript) and its report."""
    from alongside.directory.tasks import run_facility_import

    form = UploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parse_mapping(data["mapping"])  # a mistyped mapping is said now, not after the upload
            first = data["files"][0]
            fmt = data["format"] or sniff_format(first.name, first.read(64))
            first.seek(0)
            if fmt == "csv" and len(data["files"]) != 1:
                raise ImportFileError("Import one CSV file at a time.")
        except ImportFileError as exc:
            error = str(exc)
        else:
            options = {
                "format": fmt,
                "source": data["source"],
                "label": data["label"],
                "mapping": data["mapping"],
                "country": data["country"],
            }
            job = imports.start("facilities", request.user, data["files"], options, run_facility_import)
            return redirect(f"{reverse('directory:upload')}?job={job.id}")
    job = imports.job_from_query(request, "facilities")
    context = {
        "form": form,
        "error": error,
        "max_upload_mb": settings.DIRECTORY_MAX_UPLOAD_MB,
        "sources": FacilitySource.objects.order_by("label"),
    }
    if job is not None:
        context.update(imports.job_context(job, f"{reverse('directory:upload')}?job={job.id}"))
    return render(request, "directory/upload.html", context)


# --- Shortlist and call log (inside a circle) -------------------------------------------------


@circle_view
def shortlist(request, membership):
    items = (
        ShortlistItem.objects.visible_to(request.user).in_circle(membership.circle).select_related("author")
    )
    return render(request, "directory/shortlist.html", circle_context(membership, items=items))


@circle_view
def shortlist_add(request, membership):
    """POST the item's kind, ref, name, phone, address, url and visibility (facility and
    meeting pages post here). A GET shows the same form, filled from the query string."""
    if request.method == "POST":
        form = ShortlistAddForm(request.POST)
        if form.is_valid():
            item = services.add_to_shortlist(request.user, membership.circle, **form.cleaned_data)
            messages.success(request, _("Saved to the shortlist."))
            return redirect("directory:shortlist_item", circle_id=membership.circle_id, item_id=item.id)
    else:
        initial = {k: request.GET.get(k, "") for k in ("kind", "ref", "name", "phone", "address", "url")}
        form = ShortlistAddForm(initial=initial, role=membership.role)
    return render(request, "directory/shortlist_add.html", circle_context(membership, form=form))


@circle_view
def shortlist_item(request, membership, item_id):
    item = read_record_or_404(request, membership, ShortlistItem, item_id)
    calls = CallLog.objects.visible_to(request.user).filter(item=item).select_related("author")
    facility = None
    if item.kind == ShortlistKind.FACILITY and services._is_uuid(item.ref):
        facility = Facility.objects.filter(pk=item.ref).first()
    return render(
        request,
        "directory/shortlist_item.html",
        circle_context(
            membership,
            item=item,
            calls=calls,
            facility=facility,
            website=item.url if services.is_web_url(item.url) else "",
        ),
    )


@circle_view
def shortlist_item_edit(request, membership, item_id):
    item = get_visible_or_404(
        ShortlistItem, request.user, for_edit=True, circle=membership.circle, pk=item_id
    )
    return form_page(
        request,
        membership,
        ShortlistItemForm(request.POST or None, instance=item, role=membership.role),
        save=lambda form: services.update_shortlist_item(request.user, item, **form.cleaned_data),
        message=_("Saved."),
        done=lambda item: reverse("directory:shortlist_item", args=[membership.circle_id, item.id]),
        template="directory/shortlist_item_form.html",
        item=item,
    )


shortlist_item_delete = record_delete_view(
    ShortlistItem,
    kwarg="item_id",
    delete=services.remove_from_shortlist,
    message=gettext_lazy("Removed from the shortlist."),
    done=lambda item: reverse("directory:shortlist", args=[item.circle_id]),
    template="directory/shortlist_item_delete.html",
    context=lambda item: {"item": item},
)


@circle_view
def call_add(request, membership, item_id):
    item = get_visible_or_404(ShortlistItem, request.user, circle=membership.circle, pk=item_id)
    initial = {
        "called_at": timezone.localtime().replace(second=0, microsecond=0),
        "visibility": item.visibility,  # those who see the item see its calls
    }
    return form_page(
        request,
        membership,
        CallLogForm(request.POST or None, initial=initial, role=membership.role),
        save=lambda form: services.log_call(request.user, item, **form.cleaned_data),
        message=_("The call is in the log."),
        done=lambda call: reverse("directory:shortlist_item", args=[membership.circle_id, item.id]),
        template="directory/call_form.html",
        item=item,
    )


call_delete = record_delete_view(
    CallLog,
    kwarg="call_id",
    delete=services.delete_call,
    message=gettext_lazy("The call is deleted from the log."),
    done=lambda call: reverse("directory:shortlist_item", args=[call.circle_id, call.item_id]),
)
