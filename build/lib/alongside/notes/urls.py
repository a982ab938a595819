from django.urls import path

from alongside.notes import views

app_name = "notes"

urlpatterns = [
    path("c/<uuid:circle_id>/notes/", views.note_list, name="list"),
    path("c/<uuid:circle_id>/notes/new/", views.note_create, name="create"),
    path("c/<uuid:circle_id>/notes/<uuid:note_id>/", views.note_detail, name="detail"),
    path("c/<uuid:circle_id>/notes/<uuid:note_id>/edit/", views.note_edit, name="edit"),
    path("c/<uuid:circle_id>/notes/<uuid:note_id>/delete/", views.note_delete, name="delete"),
]
