from alongside.core.authz import Public

URL_RULES = {
    "directory:helplines": Public(),
}
