from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.accounts.forms import PreferencesForm


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The pages follow the chosen language too: the saved page opens in it.
        with translation.override(user.language):
            messages.success(request, _("Your preferences are saved."))
            response = redirect(reverse("accounts:preferences"))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.language, max_age=365 * 24 * 3600, samesite="Lax"
        )
        return response
    return render(request, "accounts/preferences.html", {"form": form})
