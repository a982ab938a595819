from alongside.core.authz import Member, Public, Record

CHECKLIST_ARTICLE = "questions-for-a-treatment-programme"


def make_checklist(*, circle, author, visibility):
    from alongside.library.models import ProgrammeChecklist

    return ProgrammeChecklist.objects.create(
        circle=circle, author=author, visibility=visibility, article_slug=CHECKLIST_ARTICLE, programme="p"
    )


URL_RULES = {
    "library:index": Public(),
    "library:search": Public(),
    "library:glossary": Public(),
    "library:term": Public(kwargs=lambda **_: {"slug": "naloxone"}),
    "library:article": Public(kwargs=lambda **_: {"slug": "boundaries"}),
    "library:checklists": Member(),
    "library:checklist_create": Member(kwargs=lambda **_: {"slug": CHECKLIST_ARTICLE}),
    "library:checklist_edit": Record(kwarg="checklist_id", make=make_checklist),
    "library:checklist_delete": Record(
        kwarg="checklist_id", make=make_checklist, method="POST", author_only=True
    ),
}
