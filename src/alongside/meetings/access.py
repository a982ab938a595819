from alongside.core.authz import Excluded, Public


def _meeting_kwargs(**_):
    from alongside.meetings.models import Meeting

    meeting = Meeting.objects.create(
        source="matrix",
        source_id="1",
        fellowship="na",
        name="Matrix meeting",
        time_zone="UTC",
        attendance="online",
    )
    return {"meeting_id": meeting.id}


URL_RULES = {
    "meetings:index": Public(),
    "meetings:next": Public(),
    "meetings:detail": Public(kwargs=_meeting_kwargs),
    "meetings:feeds": Excluded(
        reason="the host's meeting feeds page: staff whose session passed a second factor (as the admin), everyone else 404; checked in meetings/tests/test_feeds.py"
    ),
    "meetings:upload": Excluded(
        reason="the host's import page: staff whose session passed a second factor (as the admin), everyone else 404; checked in meetings/tests/test_upload.py"
    ),
}
