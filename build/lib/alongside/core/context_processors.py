from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def alongside(request):
    user = getattr(request, "user", None)
    discreet = bool(user is not None and user.is_authenticated and getattr(user, "discreet_mode", False))
    return {
        "discreet_mode": discreet,
        "quick_exit_url": settings.QUICK_EXIT_URL or reverse("neutral-page"),
    }
