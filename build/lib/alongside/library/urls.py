from django.urls import path

from alongside.library import views

app_name = "library"

C = "c/<uuid:circle_id>/checklists/"

urlpatterns = [
    path("learn/", views.index, name="index"),
    path("learn/search/", views.search, name="search"),
    path("learn/glossary/", views.glossary, name="glossary"),
    path("learn/glossary/<slug:slug>/", views.term, name="term"),
    path("learn/<slug:slug>/", views.article, name="article"),
    path(C, views.checklists, name="checklists"),
    path(C + "new/<slug:slug>/", views.checklist_create, name="checklist_create"),
    path(C + "<uuid:checklist_id>/", views.checklist_edit, name="checklist_edit"),
    path(C + "<uuid:checklist_id>/delete/", views.checklist_delete, name="checklist_delete"),
]
