from __future__ import annotations


def unread(request):
    """The unread count for the layout's notification link: one cheap COUNT for members."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from alongside.reminders.models import Reminder

    return {"unread_reminders": Reminder.objects.unread_for(user).count()}
