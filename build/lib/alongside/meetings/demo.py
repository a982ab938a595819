"""Sample meetings around the demo cities, for trying Alongside. Every row has ``is_sample``
set, the source "sample" and "(sample)" in its name, and pages say so wherever they show one."""

from __future__ import annotations

from datetime import time

from alongside.meetings.models import Attendance, Fellowship, Meeting, pack_types
from alongside.meetings.services import SAMPLE_SOURCE as SOURCE

# name, fellowship, day (0 = Sunday), start, end, attendance, place, address, city, region, postal code,
# country, lat, lon, zone, types
SAMPLES = [
    ("Hope on Tuesdays", Fellowship.NAR_ANON, 2, time(19, 0), time(20, 0), Attendance.IN_PERSON,
     "Community church hall", "100 Sample St", "Charlottesville", "VA", "22902", "US", 38.031, -78.479,
     "America/New_York", ["O", "BE"]),
    ("Family Group Thursday", Fellowship.AL_ANON, 4, time(12, 0), time(13, 0), Attendance.HYBRID,
     "Library meeting room", "200 Sample Ave", "Charlottesville", "VA", "22903", "US", 38.037, -78.489,
     "America/New_York", ["O", "X"]),
    ("Clean Start", Fellowship.NA, 1, time(18, 30), time(19, 30), Attendance.IN_PERSON,
     "Recovery centre", "300 Sample Rd", "Charlottesville", "VA", "22901", "US", 38.052, -78.472,
     "America/New_York", ["C", "D"]),
    ("Families Learning Together", Fellowship.SMART_FAMILY, 3, time(19, 30), time(21, 0), Attendance.ONLINE,
     "", "", "", "", "", "US", None, None, "America/New_York", ["O"]),
    ("Wednesday Night Parents", Fellowship.NAR_ANON, 3, time(19, 0), time(20, 30), Attendance.IN_PERSON,
     "Neighbourhood centre", "10 Sample Lane", "Toronto", "ON", "M5V", "CA", 43.647, -79.395,
     "America/Toronto", ["O", "X"]),
    ("Saturday Morning Serenity", Fellowship.AL_ANON, 6, time(10, 0), time(11, 0), Attendance.IN_PERSON,
     "United church basement", "20 Sample Blvd", "Toronto", "ON", "M4Y", "CA", 43.665, -79.383,
     "America/Toronto", ["O", "B"]),
    ("Just for Today Toronto", Fellowship.NA, 0, time(20, 0), time(21, 30), Attendance.HYBRID,
     "Community hall", "30 Sample Cres", "Toronto", "ON", "M6J", "CA", 43.649, -79.420,
     "America/Toronto", ["O", "ST"]),
    ("SMART Recovery Monday", Fellowship.SMART, 1, time(18, 0), time(19, 30), Attendance.ONLINE,
     "", "", "", "", "", "CA", None, None, "America/Toronto", ["O"]),
    ("Groupe familles du jeudi", Fellowship.NAR_ANON, 4, time(19, 30), time(21, 0), Attendance.IN_PERSON,
     "Salle communautaire", "40 rue Exemple", "Montréal", "QC", "H2X", "CA", 45.512, -73.568,
     "America/Toronto", ["O", "FR"]),
]


def add_demo(*, circle=None, members=None, stdout=None) -> int:
    """Create (or refresh) the sample meetings; returns how many there are."""
    for n, (name, fellowship, day, start, end, attendance, place, address, city, region, postal, country, lat, lon,
            zone_name, types) in enumerate(SAMPLES, start=1):
        online = attendance != Attendance.IN_PERSON
        Meeting.objects.update_or_create(
            source=SOURCE, source_id=f"sample-{n}",
            defaults={
                "name": f"{name} (sample)", "fellowship": fellowship, "day": day, "time": start, "end_time": end,
                "attendance": attendance, "location": place, "address": address, "city": city, "region": region,
                "postal_code": postal, "country": country, "latitude": lat, "longitude": lon, "time_zone": zone_name,
                "type_codes": pack_types(types), "is_sample": True,
                "conference_url": "https://meet.example.org/sample" if online else "",
                "notes": "Sample data for trying Alongside: not a real meeting.",
            },
        )
    if stdout is not None:
        stdout.write(f"Sample meetings: {len(SAMPLES)} (marked as sample data).")
    return len(SAMPLES)
