from __future__ import annotations

from django.urls import reverse


def alongside(request):
    user = getattr(request, "user", None)
    discreet = bool(user is not None and user.is_authenticated and getattr(user, "discreet_mode", False))
    return {
        "discreet_mode": discreet,
        # Quick exit goes through /exit/, which ends the session before sending the browser on.
        "quick_exit_url": reverse("quick-exit"),
    }
