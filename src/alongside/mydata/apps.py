from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "alongside.mydata"
    label = "mydata"
    verbose_name = "My data"
