from django.urls import path

from alongside.directory import helplines

app_name = "directory"

urlpatterns = [
    path("help/helplines/", helplines.helplines_view, name="helplines"),
]
