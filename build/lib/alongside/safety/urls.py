from django.urls import path

from alongside.safety import views

app_name = "safety"

urlpatterns = [
    path("emergency/", views.emergency, name="emergency"),
    path("emergency/sw.js", views.service_worker, name="service_worker"),
    path("emergency/manifest.webmanifest", views.manifest, name="manifest"),
    path("c/<uuid:circle_id>/safety/kits/", views.kits, name="kits"),
    path("c/<uuid:circle_id>/safety/kits/<uuid:kit_id>/", views.kit_edit, name="kit_edit"),
    path("c/<uuid:circle_id>/safety/kits/<uuid:kit_id>/delete/", views.kit_delete, name="kit_delete"),
    path("c/<uuid:circle_id>/safety/trained/", views.trained, name="trained"),
    path("c/<uuid:circle_id>/safety/risk/", views.risks, name="risks"),
    path("c/<uuid:circle_id>/safety/risk/<uuid:event_id>/delete/", views.risk_delete, name="risk_delete"),
    path("c/<uuid:circle_id>/safety/plan/", views.plan, name="plan"),
    path("c/<uuid:circle_id>/safety/plan/<slug:item>/", views.plan_tick, name="plan_tick"),
]
