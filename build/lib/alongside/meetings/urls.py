from django.urls import path

from alongside.meetings import views

app_name = "meetings"

urlpatterns = [
    path("help/meetings/", views.meeting_list, name="index"),
    path("help/meetings/import/", views.meeting_upload, name="upload"),
    path("help/meetings/next/", views.next_meetings, name="next"),
    path("help/meetings/<uuid:meeting_id>/", views.meeting_detail, name="detail"),
]
