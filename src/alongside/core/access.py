from alongside.core.authz import Public

URL_RULES = {
    "core:home": Public(),
    "healthz": Public(),
    "robots": Public(),
    "neutral-page": Public(),
    "quick-exit": Public(),
    "set_language": Public(method="POST"),
}
