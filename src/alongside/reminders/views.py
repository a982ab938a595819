from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alongside.reminders import services
from alongside.reminders.endpoints import UnsafeEndpoint
from alongside.reminders.events import EventType
from alongside.reminders.forms import PreferencesForm
from alongside.reminders.models import Reminder
from alongside.reminders.transports import reminder_path
from alongside.reminders.vapid import vapid_public_key


@login_required
def inbox(request):
    reminders = Reminder.objects.inbox_for(request.user).select_related("circle")
    page = Paginator(reminders, 30).get_page(request.GET.get("page"))
    for reminder in page.object_list:
        reminder.link = reminder_path(reminder)
    return render(request, "reminders/inbox.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    if request.headers.get("HX-Request"):
        return HttpResponse("")
    return redirect("reminders:inbox")


@login_required
def preferences(request):
    prefs = services.settings_for(request.user)
    initial = {
        "quiet_start": prefs.quiet_start,
        "quiet_end": prefs.quiet_end,
        "show_details": prefs.show_details,
    }
    for event in EventType:
        initial[f"event_{event.value}"] = sorted(services.channels_for(request.user, event.value, prefs))
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(
            request.user,
            wanted=form.wanted(),
            quiet_start=form.cleaned_data["quiet_start"],
            quiet_end=form.cleaned_data["quiet_end"],
            show_details=form.cleaned_data["show_details"],
        )
        messages.success(request, _("Your reminder choices are saved."))
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "vapid_public_key": vapid_public_key(), "time_zone": request.user.time_zone},
    )


@csrf_exempt  # one-click unsubscribe (RFC 8058) comes from the mail client, without a session
def unsubscribe(request, token):
    found = services.read_unsubscribe_token(token)
    if found is None or found[1] not in EventType.values:
        raise Http404
    user = found[0]
    event = EventType(found[1])
    if request.method == "POST":
        services.turn_off(user, event.value)
        return render(request, "reminders/unsubscribed.html", {"event": event})
    return render(request, "reminders/unsubscribe.html", {"event": event})


@login_required
@require_POST
def push_subscribe(request):
    try:
        data = json.loads(request.body)
        endpoint = data["endpoint"]
        keys = data["keys"]
        services.subscribe_push(request.user, endpoint=endpoint, p256dh=keys["p256dh"], auth=keys["auth"])
    except UnsafeEndpoint:
        return HttpResponseBadRequest("This push address is not allowed.")
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("Not a push subscription.")
    return JsonResponse({"status": "subscribed"})
