from alongside.core.authz import Member, Public

SUPPORTING = ("organiser", "supporter")

URL_RULES = {
    "firststeps:start": Public(),
    "firststeps:path_preview": Public(),
    "firststeps:situation": Public(kwargs=lambda **_: {"key": "will-not-talk"}),
    "firststeps:save_situation": Member(roles=SUPPORTING, method="POST"),
    "firststeps:path": Member(roles=SUPPORTING),
    "firststeps:share_progress": Member(roles=SUPPORTING, method="POST"),
    "firststeps:toggle_step": Member(
        roles=SUPPORTING, method="POST", kwargs=lambda **_: {"step": "understand"}
    ),
}
