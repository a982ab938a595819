from django.urls import path

from alongside.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.inbox, name="inbox"),
    path("reminders/read/", views.mark_all_read, name="mark_all_read"),
    path("reminders/preferences/", views.preferences, name="preferences"),
    path("reminders/push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
