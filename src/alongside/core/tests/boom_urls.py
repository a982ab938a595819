"""The project's URLs plus one page that fails as it would with the database down (tests only)."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from alongside.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [*urlpatterns, *i18n_patterns(path("boom/", database_down), prefix_default_language=False)]
