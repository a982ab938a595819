from django.urls import path

from alongside.mydata import views

app_name = "mydata"

urlpatterns = [
    path("my-data/", views.index, name="index"),
    path("my-data/export/", views.request_export, name="request_export"),
    path("my-data/download/<str:token>/", views.download, name="download"),
]
