from alongside.core.authz import SignedIn

URL_RULES = {"accounts:preferences": SignedIn()}
