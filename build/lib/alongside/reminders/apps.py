from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "alongside.reminders"
    label = "reminders"

    def ready(self) -> None:
        from alongside.core import serving
        from alongside.reminders import signals, worker_process

        signals.connect()
        serving.register_background(worker_process.start_beside_server)
