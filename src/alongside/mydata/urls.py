from django.urls import path

from alongside.mydata import views

app_name = "mydata"

urlpatterns = [
    path("account/my-data/", views.index, name="index"),
    path("account/my-data/export/", views.request_export, name="request_export"),
    path("account/my-data/download/<str:token>/", views.download, name="download"),
    path("account/my-data/delete/", views.delete_account, name="delete_account"),
    path("c/<uuid:circle_id>/hand-over/", views.handover, name="handover"),
    path("c/<uuid:circle_id>/hand-over/answer/", views.handover_answer, name="handover_answer"),
    path("c/<uuid:circle_id>/delete/", views.delete_circle, name="delete_circle"),
]

urlpatterns += [
    path("account/device/", views.device, name="device"),
    path("account/lock/", views.lock_now, name="lock_now"),
    path("account/unlock/", views.unlock, name="unlock"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
