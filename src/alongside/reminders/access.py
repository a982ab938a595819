from alongside.core.authz import Public, SignedIn


def _unsubscribe_kwargs(*, circle, members):
    from alongside.reminders.services import unsubscribe_token

    return {"token": unsubscribe_token(members["supporter"], "appointment")}


URL_RULES = {
    "reminders:inbox": SignedIn(),
    "reminders:mark_all_read": SignedIn(method="POST"),
    "reminders:preferences": SignedIn(),
    "reminders:push_subscribe": SignedIn(method="POST"),
    "reminders:unsubscribe": Public(kwargs=_unsubscribe_kwargs),
}
