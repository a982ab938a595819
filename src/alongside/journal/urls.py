from django.urls import path

from alongside.journal import views

app_name = "journal"

J = "c/<uuid:circle_id>/journal/"
S = "c/<uuid:circle_id>/self-care/"

urlpatterns = [
    path(J, views.timeline, name="timeline"),
    path(J + "observe/", views.observation_create, name="observe"),
    path(
        J + "observations/<uuid:entry_id>/", views.entry_detail, {"kind": "observation"}, name="observation"
    ),
    path(
        J + "observations/<uuid:entry_id>/edit/",
        views.entry_edit,
        {"kind": "observation"},
        name="observation_edit",
    ),
    path(
        J + "observations/<uuid:entry_id>/delete/",
        views.entry_delete,
        {"kind": "observation"},
        name="observation_delete",
    ),
    path(J + "contact/", views.contact_create, name="contact_create"),
    path(J + "contacts/<uuid:entry_id>/", views.entry_detail, {"kind": "contact"}, name="contact"),
    path(J + "contacts/<uuid:entry_id>/edit/", views.entry_edit, {"kind": "contact"}, name="contact_edit"),
    path(
        J + "contacts/<uuid:entry_id>/delete/", views.entry_delete, {"kind": "contact"}, name="contact_delete"
    ),
    path(J + "patterns/", views.pattern_view, name="patterns"),
    path(J + "export.csv", views.export_csv, name="export_csv"),
    path(J + "print/", views.export_print, name="export_print"),
    path(J + "settings/", views.journal_settings, name="settings"),
    path(S, views.self_care, name="self_care"),
    path(S + "check-in/", views.self_care_check_in, name="self_care_check_in"),
    path(S + "plan/", views.self_care_plan, name="self_care_plan"),
]
