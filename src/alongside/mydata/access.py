from alongside.core.authz import SignedIn

URL_RULES = {
    "mydata:index": SignedIn(),
    "mydata:request_export": SignedIn(method="POST"),
    # A link that was never made, or was used once already, answers 404.
    "mydata:download": SignedIn(kwargs=lambda **_: {"token": "not-a-real-token"}, needs_state=True),
}
