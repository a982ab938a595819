"""The host's admin (``/host/admin/``) signs nobody in by itself.

Django's admin has its own password-only log-in form: no second factor, no rate limit, no
lock-out. Here its log-in page hands over to allauth's (the same flow members use: rate
limits, lock-out after repeated failures, the second factor), and its pages open only for an
active staff account whose session passed a second factor. A staff account without two-step
sign-in is asked to turn it on first.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def passed_second_factor(request) -> bool:
    """Whether this session's sign-in (or a later re-authentication) used a second factor."""
    from allauth.account.internal.flows.login import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def second_factor_step(request, target: str):
    """For an active staff account whose session has not passed a second factor: the page that asks
    for it (the code again, or turning two-step sign-in on first). None when the session passed it."""
    from allauth.mfa.utils import is_mfa_enabled

    if passed_second_factor(request):
        return None
    if not is_mfa_enabled(request.user):
        return render(request, "core/admin_refused.html", {"reason": "no_second_factor"}, status=403)
    # Signed in before two-step sign-in was on, or by some other way: ask for the code now.
    return redirect_to_login(target, login_url=reverse("mfa_reauthenticate"))


def verified_staff_view(view):
    """The host's own pages outside the admin (imports, feeds) open as the admin does: 404 for anyone
    but an active staff account, then the second-factor step until this session has passed it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            raise Http404
        step = second_factor_step(request, request.get_full_path())
        return step if step is not None else view(request, *args, **kwargs)

    return wrapper


class StaffAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and passed_second_factor(request)

    def login(self, request, extra_context=None):
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        target = target or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, login_url=reverse("account_login"))
        if not (user.is_active and user.is_staff):
            return render(request, "core/admin_refused.html", {"reason": "not_staff"}, status=403)
        return second_factor_step(request, target) or redirect(target)
