from django.urls import path

from alongside.plans import views

app_name = "plans"

P = "c/<uuid:circle_id>/plans/"

urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "enabling-or-supporting/", views.guide, name="guide"),
    path(P + "boundaries/", views.boundaries, name="boundaries"),
    path(P + "boundaries/new/", views.boundary_create, name="boundary_create"),
    path(P + "boundaries/<uuid:boundary_id>/", views.boundary_detail, name="boundary_detail"),
    path(P + "boundaries/<uuid:boundary_id>/edit/", views.boundary_edit, name="boundary_edit"),
    path(P + "boundaries/<uuid:boundary_id>/delete/", views.boundary_delete, name="boundary_delete"),
    path(P + "boundaries/<uuid:boundary_id>/tests/", views.boundary_test, name="boundary_test"),
    path(P + "conversations/", views.conversations, name="conversations"),
    path(P + "conversations/new/", views.conversation_create, name="conversation_create"),
    path(P + "conversations/check/", views.ichecks, name="ichecks"),
    path(P + "conversations/<uuid:plan_id>/", views.conversation_detail, name="conversation_detail"),
    path(
        P + "conversations/<uuid:plan_id>/rehearse/",
        views.conversation_rehearse,
        name="conversation_rehearse",
    ),
    path(P + "conversations/<uuid:plan_id>/edit/", views.conversation_edit, name="conversation_edit"),
    path(P + "conversations/<uuid:plan_id>/delete/", views.conversation_delete, name="conversation_delete"),
    path(
        P + "conversations/<uuid:plan_id>/outcomes/", views.conversation_outcome, name="conversation_outcome"
    ),
    path(P + "relapse/", views.relapse_plan, name="relapse_plan"),
    path(P + "relapse/edit/", views.relapse_plan_edit, name="relapse_plan_edit"),
    path(P + "relapse/<uuid:plan_id>/history/", views.relapse_plan_history, name="relapse_plan_history"),
    path(P + "relapse/<uuid:plan_id>/print/", views.relapse_plan_print, name="relapse_plan_print"),
    path(P + "relapse/<uuid:plan_id>/plan.pdf", views.relapse_plan_pdf, name="relapse_plan_pdf"),
    path(P + "goal/", views.goal, name="goal"),
]
