from django.urls import path

from alongside.care import views

app_name = "care"

A = "c/<uuid:circle_id>/care/appointments/"

urlpatterns = [
    path("c/<uuid:circle_id>/care/", views.index, name="index"),
    path(A, views.appointments, name="appointments"),
    path(A + "new/", views.appointment_create, name="appointment_create"),
    path(A + "<uuid:appointment_id>/", views.appointment_detail, name="appointment_detail"),
    path(A + "<uuid:appointment_id>/edit/", views.appointment_edit, name="appointment_edit"),
    path(A + "<uuid:appointment_id>/delete/", views.appointment_delete, name="appointment_delete"),
    path(A + "<uuid:appointment_id>/appointment.ics", views.appointment_ics, name="appointment_ics"),
    path(A + "<uuid:appointment_id>/ride/", views.offer_ride, name="offer_ride"),
    path("c/<uuid:circle_id>/care/rides/", views.rides_week, name="rides_week"),
    path("c/<uuid:circle_id>/care/rides/<uuid:ride_id>/withdraw/", views.withdraw_ride, name="withdraw_ride"),
    path("c/<uuid:circle_id>/care/calendar/", views.calendar, name="calendar"),
    path("c/<uuid:circle_id>/care/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("c/<uuid:circle_id>/care/medications/", views.medications, name="medications"),
    path("c/<uuid:circle_id>/care/medications/new/", views.medication_create, name="medication_create"),
    path(
        "c/<uuid:circle_id>/care/medications/<uuid:medication_id>/",
        views.medication_detail,
        name="medication_detail",
    ),
    path(
        "c/<uuid:circle_id>/care/medications/<uuid:medication_id>/edit/",
        views.medication_edit,
        name="medication_edit",
    ),
    path("c/<uuid:circle_id>/care/milestones/", views.milestones, name="milestones"),
    path(
        "c/<uuid:circle_id>/care/milestones/<uuid:start_id>/mark/",
        views.milestone_mark,
        name="milestone_mark",
    ),
    path(
        "c/<uuid:circle_id>/care/milestones/<uuid:start_id>/take-back/",
        views.milestone_take_back,
        name="milestone_take_back",
    ),
    path("c/<uuid:circle_id>/care/rewards/", views.rewards, name="rewards"),
    path("c/<uuid:circle_id>/care/rewards/<uuid:plan_id>/", views.reward_detail, name="reward_detail"),
    path("c/<uuid:circle_id>/care/habits/", views.habits, name="habits"),
    path("c/<uuid:circle_id>/care/routine/", views.routine_add, name="routine_add"),
    path(
        "c/<uuid:circle_id>/care/routine/<uuid:item_id>/delete/", views.routine_delete, name="routine_delete"
    ),
]
