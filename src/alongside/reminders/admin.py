from django.contrib import admin, messages

from alongside.reminders import services
from alongside.reminders.models import PushSubscription, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Failed reminders land here after their last try; a host can send them again."""

    list_display = [
        "event_type",
        "channel",
        "user",
        "state",
        "attempts",
        "due_at",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "event_type"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    @admin.action(description="Try again")
    def retry(self, request, queryset):
        count = services.retry_failed(queryset)
        self.message_user(request, f"{count} reminders will be tried again.", messages.SUCCESS)


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    readonly_fields = ["user", "endpoint", "created_at"]
    exclude = ["p256dh", "auth"]
