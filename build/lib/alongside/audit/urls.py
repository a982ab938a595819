from django.urls import path

from alongside.audit import views

app_name = "audit"

urlpatterns = [
    path("c/<uuid:circle_id>/trail/", views.trail, name="trail"),
]
