from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ONTARIO = FIXTURES / "feed-sample-ontario.json"
MEETING_GUIDE_EXAMPLE = FIXTURES / "example.json"
BMLT_FIXTURE = FIXTURES / "bmlt-getsearchresults.json"
BMLT_WITH_FORMATS = FIXTURES / "bmlt-with-formats.json"
BMLT_GET_FORMATS = FIXTURES / "bmlt-getformats.json"
SHAPES = FIXTURES / "meeting-guide-shapes.json"


@pytest.fixture
def make_meeting(db):
    from alongside.meetings.models import Meeting

    counter = {"n": 0}

    def make(**values):
        counter["n"] += 1
        defaults = {
            "source": "test",
            "source_id": str(counter["n"]),
            "fellowship": "na",
            "name": f"Meeting {counter['n']}",
            "time_zone": "America/New_York",
            "attendance": "in_person",
        }
        defaults.update(values)
        return Meeting.objects.create(**defaults)

    return make
