from alongside.core.authz import Public, SignedIn


def _unsubscribe_kwargs(*, circle, members):
    from django.core import signing

    from alongside.reminders.services import UNSUBSCRIBE_SALT

    return {"token": signing.dumps({"u": members["supporter"].pk, "e": "appointment"}, salt=UNSUBSCRIBE_SALT)}


URL_RULES = {
    "reminders:inbox": SignedIn(),
    "reminders:mark_all_read": SignedIn(method="POST"),
    "reminders:preferences": SignedIn(),
    "reminders:push_subscribe": SignedIn(method="POST"),
    "reminders:unsubscribe": Public(kwargs=_unsubscribe_kwargs),
}
