from alongside.core.authz import Member, SignedIn

URL_RULES = {
    "mydata:index": SignedIn(),
    "mydata:request_export": SignedIn(method="POST"),
    # A link that was never made, or was used once already, answers 404.
    "mydata:download": SignedIn(kwargs=lambda **_: {"token": "not-a-real-token"}, needs_state=True),
    "mydata:delete_account": SignedIn(),
    "mydata:handover": Member(roles=("organiser",)),
    "mydata:handover_answer": Member(roles=("supporter",)),
    "mydata:delete_circle": Member(roles=("organiser",)),
    "mydata:device": SignedIn(),
    "mydata:lock_now": SignedIn(method="POST"),
    "mydata:unlock": SignedIn(),
    "mydata:sign_out_everywhere": SignedIn(method="POST"),
}
