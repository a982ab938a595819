from alongside.core.authz import Public

URL_RULES = {
    "safety:emergency": Public(),
    "safety:service_worker": Public(),
    "safety:manifest": Public(),
}
