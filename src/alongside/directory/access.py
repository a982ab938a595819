from alongside.core.authz import Excluded, Member, Public, Record


def make_item(*, circle, author, visibility):
    from alongside.directory.models import ShortlistItem

    return ShortlistItem.objects.create(
        circle=circle, author=author, visibility=visibility, kind="facility", ref="x", name="A place"
    )


def make_call(*, circle, author, visibility):
    from django.utils import timezone

    from alongside.directory.models import CallLog

    item = make_item(circle=circle, author=author, visibility=visibility)
    return CallLog.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        item=item,
        called_at=timezone.now(),
        outcome="spoke",
    )


def _facility_kwargs(**_):
    from alongside.directory.models import Facility, FacilitySource

    source, _created = FacilitySource.objects.get_or_create(key="matrix", defaults={"label": "Matrix"})
    facility = Facility.objects.create(
        source=source, source_ref="1", name="A facility", latitude=1, longitude=1
    )
    return {"facility_id": facility.pk}


URL_RULES = {
    "directory:index": Public(),
    "directory:treatment": Public(),
    "directory:facility": Public(kwargs=_facility_kwargs),
    "directory:helplines": Public(),
    "directory:upload": Excluded(
        reason="the host's import page: staff whose session passed a second factor (as the admin), everyone else 404; checked in directory/tests/test_upload.py"
    ),
    "directory:shortlist": Member(),
    "directory:shortlist_add": Member(method="POST"),
    "directory:shortlist_item": Record(kwarg="item_id", make=make_item),
    "directory:shortlist_item_edit": Record(kwarg="item_id", make=make_item, author_only=True),
    "directory:shortlist_item_delete": Record(kwarg="item_id", make=make_item, author_only=True),
    "directory:call_add": Record(kwarg="item_id", make=make_item),
    "directory:call_delete": Record(kwarg="call_id", make=make_call, method="POST", author_only=True),
}
