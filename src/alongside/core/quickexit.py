"""Quick exit: end the session, then leave for a neutral page.

A GET works on purpose (and without a CSRF token): the button must work as a plain link, with or
without script, in one tap. All a forged request can do is sign someone out, and the session
cookie is SameSite=Lax, so another site can do that only by navigating the whole tab away.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def quick_exit(request):
    if request.user.is_authenticated:
        try:
            with transaction.atomic():
                logout(request)
        except DatabaseError:
            # A full disk or a read-only database cannot delete the session row. Leaving must
            # still work at once: an empty session makes the middleware delete the cookie, so
            # this browser is signed out even though the row stays until it expires.
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
            request.user = AnonymousUser()
    response = redirect(settings.QUICK_EXIT_URL or reverse("neutral-page"))
    # The browser drops its copies of this site's pages, so Back cannot show one from its cache.
    response["Clear-Site-Data"] = '"cache"'
    add_never_cache_headers(response)
    return response
