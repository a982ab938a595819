from django.urls import path

from alongside.firststeps import views

app_name = "firststeps"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("start/<slug:key>/", views.situation, name="situation"),
    path("c/<uuid:circle_id>/start/save/", views.save_situation, name="save_situation"),
    path("c/<uuid:circle_id>/path/", views.family_path, name="path"),
    path("c/<uuid:circle_id>/path/share/", views.share_progress, name="share_progress"),
    path("c/<uuid:circle_id>/path/<slug:step>/", views.toggle_step, name="toggle_step"),
]
