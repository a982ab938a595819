from django.urls import path

from alongside.programme import views

app_name = "programme"

P = "c/<uuid:circle_id>/programme/"

urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "shared/", views.shared, name="shared"),
    path(P + "worksheets/<uuid:worksheet_id>/", views.worksheet_detail, name="worksheet_detail"),
    path(P + "worksheets/<uuid:worksheet_id>/delete/", views.worksheet_delete, name="worksheet_delete"),
    path(P + "practices/<uuid:practice_id>/", views.practice_detail, name="practice_detail"),
    path(P + "practices/<uuid:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path(P + "practices/<uuid:practice_id>/done/", views.practice_outcome, name="practice_outcome"),
    path(P + "practices/<uuid:practice_id>/delete/", views.practice_delete, name="practice_delete"),
    path(P + "<slug:slug>/", views.skill_page, name="skill"),
    path(P + "<slug:slug>/worksheet/", views.worksheet, name="worksheet"),
    path(P + "<slug:slug>/practice/", views.practice_create, name="practice_create"),
]
