from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "alongside.mydata"
    label = "mydata"
    verbose_name = "My data"

    def ready(self) -> None:
        from alongside.mydata.deletion import scan_circle_deletions
        from alongside.reminders.events import register_scanner

        # The worker's periodic tick runs the scanners: deleted circles are purged after their grace period.
        register_scanner(scan_circle_deletions)
