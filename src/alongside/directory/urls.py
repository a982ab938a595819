from django.urls import path

from alongside.directory import helplines, views

app_name = "directory"

urlpatterns = [
    path("help/", views.index, name="index"),
    path("help/treatment/", views.treatment, name="treatment"),
    path("help/treatment/<uuid:facility_id>/", views.facility_detail, name="facility"),
    path("help/treatment/import/", views.upload, name="upload"),
    path("help/helplines/", helplines.helplines_view, name="helplines"),
    path("c/<uuid:circle_id>/help/shortlist/", views.shortlist, name="shortlist"),
    path("c/<uuid:circle_id>/help/shortlist/add/", views.shortlist_add, name="shortlist_add"),
    path("c/<uuid:circle_id>/help/shortlist/<uuid:item_id>/", views.shortlist_item, name="shortlist_item"),
    path(
        "c/<uuid:circle_id>/help/shortlist/<uuid:item_id>/edit/",
        views.shortlist_item_edit,
        name="shortlist_item_edit",
    ),
    path(
        "c/<uuid:circle_id>/help/shortlist/<uuid:item_id>/remove/",
        views.shortlist_item_delete,
        name="shortlist_item_delete",
    ),
    path("c/<uuid:circle_id>/help/shortlist/<uuid:item_id>/calls/new/", views.call_add, name="call_add"),
    path(
        "c/<uuid:circle_id>/help/shortlist/calls/<uuid:call_id>/delete/",
        views.call_delete,
        name="call_delete",
    ),
]
