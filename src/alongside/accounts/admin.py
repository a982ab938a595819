from django.contrib import admin

from alongside.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email"]  # the display name is encrypted at rest
    exclude = ["password"]
