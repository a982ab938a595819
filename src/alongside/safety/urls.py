from django.urls import path

from alongside.safety import views

app_name = "safety"

urlpatterns = [
    path("emergency/", views.emergency, name="emergency"),
    path("emergency/sw.js", views.service_worker, name="service_worker"),
    path("emergency/manifest.webmanifest", views.manifest, name="manifest"),
]
