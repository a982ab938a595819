from alongside.core.authz import Member

URL_RULES = {"audit:trail": Member()}
