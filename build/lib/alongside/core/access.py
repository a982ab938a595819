from alongside.core.authz import Public

URL_RULES = {
    "core:home": Public(),
    "healthz": Public(),
    "robots": Public(),
    "neutral-page": Public(),
    "set_language": Public(method="POST"),
}
