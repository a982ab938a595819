from alongside.core.authz import Member, Record
from alongside.notes.models import Note


def make_note(*, circle, author, visibility):
    return Note.objects.create(circle=circle, author=author, visibility=visibility, title="t", body="b")


URL_RULES = {
    "notes:list": Member(),
    "notes:create": Member(),
    "notes:detail": Record(kwarg="note_id", make=make_note),
    "notes:edit": Record(kwarg="note_id", make=make_note, author_only=True),
    "notes:delete": Record(kwarg="note_id", make=make_note, author_only=True),
}
