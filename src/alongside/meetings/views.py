from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from alongside.circles.models import Membership
from alongside.circles.records import Visibility, default_visibility
from alongside.core import imports
from alongside.core.admin_site import verified_staff_view
from alongside.core.zones import country_hint
from alongside.meetings.forms import MeetingFeedForm, MeetingSearchForm, MeetingUploadForm
from alongside.meetings.models import Meeting, MeetingFeed
from alongside.meetings.schedule import is_valid_zone
from alongside.meetings.search import Listing, ends_at, load, next_day, present, search


def viewer_zone(request, form: MeetingSearchForm | None = None) -> str:
    """The zone times are converted to: the one chosen on the page, else the member's own
    (account preference), else none (each meeting's own zone only)."""
    chosen = request.GET.get("tz", "")
    if form is not None and form.is_bound and form.is_valid():
        chosen = form.cleaned_data.get("tz") or ""
    if chosen and is_valid_zone(chosen):
        return chosen
    user = request.user
    if user.is_authenticated and is_valid_zone(getattr(user, "time_zone", "")):
        return user.time_zone
    return ""


def _form(request) -> MeetingSearchForm:
    params = request.GET.copy()
    params.pop("page", None)
    zone_name = viewer_zone(request)
    if params and not params.get("tz") and zone_name:
        params["tz"] = zone_name  # the member's own zone shows as chosen
    return MeetingSearchForm(params if params else None, initial={"tz": zone_name})


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _no_results_help(request, form: MeetingSearchForm) -> dict | None:
    """National locators and helplines for the searched place's country (never a dead end)."""
    try:
        from alongside.directory.helplines import no_results_help
    except ImportError:  # the directory app is optional for meetings
        return None
    return no_results_help(form.place_country or country_hint(request))


def meeting_list(request):
    form = _form(request)
    criteria = form.criteria()
    zone_name = viewer_zone(request, form)
    now = timezone.now()
    results = search(criteria) if not form.errors else []
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    listings = [present(Listing(meeting, miles), zone_name, now) for meeting, miles in load(page.object_list)]
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "criteria": criteria,
            "page": page,
            "listings": listings,
            "viewer_zone": zone_name,
            "query": _query_without_page(request),
            "place_label": form.place_label,
            "has_sample": any(item.meeting.is_sample for item in listings),
            "help": _no_results_help(request, form) if form.is_bound and not listings else None,
        },
    )


def next_meetings(request):
    form = _form(request)
    criteria = form.criteria()
    zone_name = viewer_zone(request, form)
    now = timezone.now()
    listings = [present(item, zone_name, now) for item in next_day(criteria, now)] if not form.errors else []
    return render(
        request,
        "meetings/next.html",
        {
            "form": form,
            "criteria": criteria,
            "listings": listings,
            "viewer_zone": zone_name,
            "query": _query_without_page(request),
            "place_label": form.place_label,
            "has_sample": any(item.meeting.is_sample for item in listings),
        },
    )


def _shortlist_targets(request, meeting: Meeting) -> list[dict]:
    """One form per circle the viewer belongs to, when the directory's shortlist exists."""
    if not request.user.is_authenticated:
        return []
    targets = []
    for membership in Membership.objects.for_user(request.user).select_related("circle"):
        try:
            action = reverse("directory:shortlist_add", args=[membership.circle.id])
        except NoReverseMatch:
            return []
        targets.append(
            {
                "circle": membership.circle,
                "action": action,
                "default_visibility": default_visibility(membership.role),
            }
        )
    return targets


def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    zone_name = viewer_zone(request)
    listing = present(Listing(meeting), zone_name)
    detail_url = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.id]))
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "listing": listing,
            "ends": ends_at(listing),
            "viewer_zone": zone_name,
            "shortlist_targets": _shortlist_targets(request, meeting),
            "visibilities": Visibility.choices,
            "shortlist_url": meeting.url or meeting.conference_url or detail_url,
        },
    )


@verified_staff_view
def meeting_upload(request):
    """The host's import page (staff with a second factor, as the admin; 404 for everyone else).
    The file is imported by the background worker; the page shows its progress, then its report."""
    from alongside.meetings.tasks import run_meeting_import

    # No zone is preselected: the server's own zone must never be applied without the host choosing it.
    form = MeetingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {
            "source": data["source"],
            "time_zone": data["time_zone"],
            "fellowship": data["fellowship"],
        }
        job = imports.start("meetings", request.user, [data["file"]], options, run_meeting_import)
        return redirect(f"{reverse('meetings:upload')}?job={job.id}")
    job = imports.job_from_query(request, "meetings")
    sources = Meeting.objects.values_list("source", flat=True).distinct().order_by("source")
    context = {"form": form, "sources": sources}
    if job is not None:
        context.update(imports.job_context(job, f"{reverse('meetings:upload')}?job={job.id}"))
    return render(request, "meetings/upload.html", context)


@verified_staff_view
def meeting_feeds(request):
    """The host's meeting lists by URL: register one, see when each last refreshed. Staff with a second
    factor only, as the admin; 404 for everyone else."""
    from alongside.meetings import feeds

    form = MeetingFeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feed = feeds.register_feed(
                request.user,
                source=data["source"],
                url=data["url"],
                time_zone=data["time_zone"],
                fellowship=data["fellowship"],
            )
        except feeds.FetchProblem as exc:
            form.add_error("url", str(exc))
        else:
            if request.POST.get("refresh_now"):
                feeds.refresh_feed(feed)
            return redirect("meetings:feeds")
    return render(request, "meetings/feeds.html", {"form": form, "feeds": MeetingFeed.objects.all()})
