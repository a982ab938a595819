from __future__ import annotations

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
        parser.add_argument(
            "--source", help="a short name for this list (default: the file name without .json)"
        )
        parser.add_argument(
            "--time-zone",
            dest="time_zone",
            default=None,
            help="IANA zone for meetings whose own zone, coordinates, postal code and region do not settle one, "
            "e.g. America/Toronto (without it, such meetings are refused; the server's zone is never assumed)",
        )
        parser.add_argument(
            "--fellowship",
            choices=Fellowship.values,
            default=None,
            help="fellowship of the meetings that do not name theirs (required for Meeting Guide feeds; "
            "BMLT lists are na)",
        )
        parser.add_argument(
            "--formats",
            default=None,
            help="a BMLT GetFormats JSON file, to label the server's format keys by their world id",
        )

    def _progress(self, count: int, seconds: float) -> None:
        rate = round(count / seconds) if seconds else count
        self.stderr.write(f"{count} meetings read, {rate} a second")

    def handle(self, *args, **options):
        zone_name = options["time_zone"]
        if zone_name and not is_valid_zone(zone_name):
            raise CommandError(f"Unknown time zone {zone_name!r}. Use an IANA name such as America/Toronto.")
        try:
            report = import_meetings(
                None,
                options["file"],
                source=options["source"],
                default_zone=zone_name,
                fellowship=options["fellowship"],
                formats_path=options["formats"],
                progress=self._progress,
            )
        except FileProblem as exc:
            raise CommandError(
                str(exc)
                if str(exc).startswith("Nothing") or "nothing was changed" in str(exc)
                else f"Nothing was imported. {exc}"
            ) from None
        lines = report.lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
