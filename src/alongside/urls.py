"""URL map. Every page but the health check lives under a language prefix
(none for English, /es/ and /fr/ for the others)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from alongside.core import views as core_views
from alongside.core.quickexit import quick_exit

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots, name="robots"),
    path("weather/", core_views.neutral, name="neutral-page"),
    path("exit/", quick_exit, name="quick-exit"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("host/admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("alongside.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("alongside.accounts.urls")),
    path("", include("alongside.mydata.urls")),
    path("", include("alongside.circles.urls")),
    path("", include("alongside.audit.urls")),
    path("", include("alongside.notes.urls")),
    path("", include("alongside.safety.urls")),
    path("", include("alongside.library.urls")),
    path("", include("alongside.directory.urls")),
    path("", include("alongside.meetings.urls")),
    path("", include("alongside.journal.urls")),
    path("", include("alongside.plans.urls")),
    path("", include("alongside.care.urls")),
    path("", include("alongside.firststeps.urls")),
    path("", include("alongside.programme.urls")),
    path("", include("alongside.reminders.urls")),
    prefix_default_language=False,
)

# The product's own error pages: no database, in the visitor's language (core/errors.py).
handler404 = "alongside.core.errors.page_not_found"
handler403 = "alongside.core.errors.permission_denied"
handler500 = "alongside.core.errors.server_error"
