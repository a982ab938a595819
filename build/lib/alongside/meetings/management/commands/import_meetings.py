from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.meetings.importers import FileProblem
from alongside.meetings.models import Fellowship
from alongside.meetings.schedule import is_valid_zone
from alongside.meetings.services import import_meetings


class Command(BaseCommand):
    help = (
        "Import a meeting list: a Meeting Guide JSON feed or a BMLT GetSearchResults JSON file. "
        "Re-importing the same source updates rows in place and removes meetings no longer listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON file")
        parser.add_argument("--source", help="a short name for this list (default: the file name without .json)")
        parser.add_argument(
            "--time-zone", dest="time_zone", default=None,
            help="IANA zone for meetings that do not name one, e.g. America/Toronto (default: the server's zone)",
        )
        parser.add_argument(
            "--fellowship", choices=Fellowship.values, default=None,
            help="fellowship of every meeting in the file (default: aa for Meeting Guide, na for BMLT)",
        )

    def handle(self, *args, **options):
        zone_name = options["time_zone"] or settings.TIME_ZONE
        if not is_valid_zone(zone_name):
            raise CommandError(f"Unknown time zone {zone_name!r}. Use an IANA name such as America/Toronto.")
        try:
            report = import_meetings(
                None, options["file"], source=options["source"], default_zone=zone_name,
                fellowship=options["fellowship"],
            )
        except FileProblem as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        lines = report.lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
