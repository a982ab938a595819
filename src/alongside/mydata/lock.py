"""The app lock for a shared device, and the session's idle expiry.

The lock lives in the session: "lock now", or more idle minutes than the member chose, set it;
while it is set every page but the unlock page, the emergency page, quick exit and log-out
answers with a redirect to the PIN form, so neither a glance nor the back button shows anything
private (signed-in pages are never cached). Five wrong PINs end the session.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

from django.contrib.auth import logout
from django.contrib.auth.hashers import check_password
from django.shortcuts import redirect
from django.urls import reverse

LOCKED = "alongside_locked"
LAST_SEEN = "alongside_last_seen"
FAILURES = "alongside_pin_failures"
MAX_PIN_FAILURES = 5
# Writing the session on every request would cost a write per page: the clock moves in steps.
LAST_SEEN_STEP_SECONDS = 30

# What stays open while locked: unlocking itself, leaving, the emergency page, static files.
_OPEN_WHILE_LOCKED = re.compile(
    r"^/(?:(?:es|fr)/)?(?:account/unlock/|accounts/logout/|emergency/)|^/(?:exit/|weather/|static/|healthz|i18n/|robots.txt)"
)


def device_safety_of(user):
    from alongside.mydata.models import DeviceSafety

    return DeviceSafety.objects.filter(user=user).first()


def lock(request) -> None:
    request.session[LOCKED] = True


def unlock_with(request, pin: str) -> str:
    """'ok', 'wrong' or 'signed_out' (after the fifth wrong PIN)."""
    safety = device_safety_of(request.user)
    if safety is not None and safety.has_pin and check_password(pin, safety.pin_hash):
        request.session[LOCKED] = False
        request.session[FAILURES] = 0
        request.session[LAST_SEEN] = int(time.time())
        return "ok"
    failures = request.session.get(FAILURES, 0) + 1
    request.session[FAILURES] = failures
    if failures >= MAX_PIN_FAILURES:
        logout(request)
        return "signed_out"
    return "wrong"


class AppLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.device_safety = None
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        safety = device_safety_of(user)
        request.device_safety = safety
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN, now)
        idle_minutes = (now - last_seen) / 60
        if (
            safety is not None
            and safety.sign_out_after_minutes
            and idle_minutes >= safety.sign_out_after_minutes
        ):
            logout(request)
            return redirect(f"{reverse('account_login')}?next={quote(request.get_full_path())}")
        if safety is not None and safety.has_pin:
            if safety.lock_after_minutes and idle_minutes >= safety.lock_after_minutes:
                request.session[LOCKED] = True
            if request.session.get(LOCKED) and not _OPEN_WHILE_LOCKED.match(request.path_info):
                return redirect(f"{reverse('mydata:unlock')}?next={quote(request.get_full_path())}")
        if request.session.get(LOCKED) and safety is not None and safety.has_pin:
            return self.get_response(request)  # the unlock page itself does not count as activity
        if now - request.session.get(LAST_SEEN, 0) >= LAST_SEEN_STEP_SECONDS:
            request.session[LAST_SEEN] = now
        return self.get_response(request)


def save_device_safety(
    user, *, pin: str, remove_pin: bool, lock_after_minutes, sign_out_after_minutes
) -> None:
    from django.contrib.auth.hashers import make_password

    from alongside.mydata.models import DeviceSafety

    safety, _created = DeviceSafety.objects.get_or_create(user=user)
    if remove_pin:
        safety.pin_hash = ""
    elif pin:
        safety.pin_hash = make_password(pin)
    safety.lock_after_minutes = lock_after_minutes
    safety.sign_out_after_minutes = sign_out_after_minutes
    safety.save()


def sign_out_everywhere(request) -> None:
    """End every session of the member (allauth's user sessions), this one last; audited."""
    from allauth.usersessions.models import UserSession

    from alongside.audit.models import Action
    from alongside.audit.services import record_event
    from alongside.mydata.deletion import end_sessions_of

    user = request.user
    record_event(user, Action.SESSIONS_ENDED, sessions=UserSession.objects.filter(user=user).count())
    end_sessions_of(user)
    UserSession.objects.filter(user=user).delete()
    logout(request)
