from __future__ import annotations

from pathlib import Path

import pytest

from alongside.core.testdata import shared_data_dir

SHARED_DATA = shared_data_dir()
MEETING_GUIDE = SHARED_DATA / "meeting-guide"
FIXTURES = Path(__file__).parent / "fixtures"
ONTARIO = MEETING_GUIDE / "feed-sample-ontario.json"
BMLT_FIXTURE = FIXTURES / "bmlt-getsearchresults.json"


@pytest.fixture
def make_meeting(db):
    from alongside.meetings.models import Meeting

    counter = {"n": 0}

    def make(**values):
        counter["n"] += 1
        defaults = {
            "source": "test", "source_id": str(counter["n"]), "fellowship": "na", "name": f"Meeting {counter['n']}",
            "time_zone": "America/New_York", "attendance": "in_person",
        }
        defaults.update(values)
        return Meeting.objects.create(**defaults)

    return make
