"""Alongside settings: one module, read from the environment, with laptop defaults.

Set ``ALONGSIDE_PROFILE=production`` on a server: it turns on every HTTPS and
cookie protection that ``alongside check --deploy`` looks for.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from alongside.core.logs import logging_config
from alongside.env import env_bool, env_int, env_list, env_str, field_keys_from_data_dir, secret_from_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ALONGSIDE_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PROFILE = env_str("ALONGSIDE_PROFILE", "laptop")
PRODUCTION = PROFILE == "production"

SECRET_KEY = env_str("SECRET_KEY") or secret_from_data_dir(DATA_DIR, "secret-key")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Keys for free text encrypted at rest. The first key encrypts; all of them decrypt,
# so a new key can be put first and `alongside rotate_field_keys` re-encrypts the rest.
# (Read after DATABASES below: a data directory that already holds a database never gets a new key.)

INSTALLED_APPS = [
    "alongside.core.admin_apps.AlongsideAdminConfig",  # the admin signs in through allauth, with a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's passkey and session lists use it
    # Our core comes before allauth so that its templates (the page layout) win.
    "alongside.core",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "alongside.accounts",
    "alongside.audit",
    "alongside.circles",
    "alongside.notes",
    "alongside.safety",
    "alongside.library",
    "alongside.directory",
    "alongside.meetings",
    "alongside.journal",
    "alongside.plans",
    "alongside.care",
    "alongside.firststeps",
    "alongside.programme",
    "alongside.reminders",
    "alongside.mydata",
]

MIDDLEWARE = [
    "alongside.core.middleware.TrustedProxyMiddleware",
    "alongside.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (WhiteNoise serves static files already compressed). Django pads each
    # compressed response with random bytes and masks the CSRF token per response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "alongside.mydata.lock.AppLockMiddleware",
    "csp.middleware.CSPMiddleware",
    "alongside.core.middleware.PrivacyHeadersMiddleware",
    "alongside.core.middleware.MemberTimeZoneMiddleware",
    "alongside.accounts.discreet.DiscreetWordsMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"
ASGI_APPLICATION = "alongside.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alongside.core.context_processors.alongside",
                "alongside.reminders.context_processors.unread",
            ],
        },
    }
]

# Forms render through Django's own Jinja2 copies of its form and widget templates (the project
# overrides none of them): the same HTML, but a form page no longer spends most of its time in
# per-field and per-option template rendering.
FORM_RENDERER = "django.forms.renderers.Jinja2"

# Databases: SQLite in the data directory unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'alongside.sqlite3'}")
# Connections are kept between requests (opening one, and SQLite's PRAGMAs, cost more than most
# pages) and checked before reuse, so a restarted database server costs one retry, not an error.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids "database is locked"
    # surprises when a read transaction later wants to write. secure_delete overwrites what is deleted,
    # so a deleted account's words do not stay in free pages of the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", []) or field_keys_from_data_dir(
    DATA_DIR,
    Path(DATABASES["default"]["NAME"])
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else None,
)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A database cache is shared by every process on a laptop, which the login rate limits need.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "alongside_cache"}
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "circles:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: e-mail as the log-in, verification optional on a laptop, mandatory for a host.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "alongside.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory" if PRODUCTION else "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Failed log-ins are limited per address and per account: after five failures an
# account is locked for five minutes, whoever tries.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
# Passkeys (WebAuthn) as a second factor, beside an authenticator app and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = (
    "alongside.accounts.mfa_adapter.AlongsideMFAAdapter"  # secrets encrypted at rest, QR code as inline SVG
)
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Alongside")

# E-mail: printed to the console on a laptop unless SMTP is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alongside <alongside@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = str(DATA_DIR / "mail")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS: list = []  # every app keeps its own locale/ folder
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass  # a read-only data directory: the worker reports it clearly, /healthz shows it
# Static files get hashed names and gzip/brotli copies from `collectstatic` (which `alongside serve`
# runs first), and WhiteNoise serves hashed names with a year-long, immutable cache lifetime. Tests
# and `runserver` set ALONGSIDE_STATIC_MANIFEST=0 and read the apps' folders directly; the
# production profile always uses the hashed manifest.
STATIC_MANIFEST = PRODUCTION or env_bool("ALONGSIDE_STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Security headers. Nothing is loaded from another host, and no inline script or style runs.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
CSRF_COOKIE_HTTPONLY = True

# The HTTPS proxies in front (docs/HOSTING.md): a number ("1": one proxy, whatever its address) or
# their addresses, comma-separated. Their X-Forwarded-For gives the client's address to the log-in
# rate limits and their X-Forwarded-Proto says the request came over HTTPS. In production one proxy
# is assumed (BEHIND_PROXY=0 for none); on a laptop none.
_proxies = env_list(
    "ALONGSIDE_TRUSTED_PROXIES", ["1"] if PRODUCTION and env_bool("BEHIND_PROXY", True) else []
)
if len(_proxies) == 1 and _proxies[0].isdigit():
    TRUSTED_PROXY_COUNT, TRUSTED_PROXY_ADDRESSES = int(_proxies[0]), []
else:
    TRUSTED_PROXY_COUNT, TRUSTED_PROXY_ADDRESSES = (1 if _proxies else 0), _proxies
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A proxy that puts the client's address in a header of its own (e.g. X-Real-IP) names it here.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALONGSIDE_CLIENT_IP_HEADER") or None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Health checks come from inside (a container's own check, a load balancer) over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Background tasks (reminders): django-tasks with its database backend, so a laptop needs no
# extra server and an organisation can run several workers against PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The public address, for links in e-mails; and the contact a push service may write to.
ALONGSIDE_BASE_URL = env_str("ALONGSIDE_BASE_URL", "http://localhost:8000")
# Push endpoints must be https on public addresses. Tests name the loopback host of their
# stand-in push service here; it stays empty on every real install.
PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED: list[str] = []
# Meeting feeds by URL must be http(s) on public addresses (meetings/feeds.py). Tests name the loopback
# host of their local feed server here; it stays empty on every real install.
MEETING_FEED_LOCAL_HOSTS_ALLOWED: list[str] = []
VAPID_CONTACT = env_str("VAPID_CONTACT", "mailto:" + DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"))

# Where the quick-exit button sends someone: a neutral page served by this app unless
# the host names a real one.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "")
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# The largest file the treatment directory's upload page accepts (the locator export is read a row at a time).
DIRECTORY_MAX_UPLOAD_MB = env_int("DIRECTORY_MAX_UPLOAD_MB", 300)

# Logs go to standard error: one line per request, the worker's ticks and failures, import
# summaries; JSON lines with ALONGSIDE_LOG_FORMAT=json. Never what a member typed.
LOGGING = logging_config(env_str("LOG_LEVEL", "WARNING").upper(), env_str("ALONGSIDE_LOG_FORMAT", "text"))

# The worker and /healthz (docs/HOSTING.md): /healthz answers 503 when the worker, having ticked
# before, has not ticked for this long; and from the start when a worker is required.
ALONGSIDE_WORKER_STALE_SECONDS = env_int("ALONGSIDE_WORKER_STALE_SECONDS", 300)
ALONGSIDE_HEALTH_REQUIRE_WORKER = env_bool("ALONGSIDE_HEALTH_REQUIRE_WORKER", False)
# How long a worker keeps a claimed reminder before another may send it; and how many a task sends.
REMINDER_LEASE_SECONDS = env_int("ALONGSIDE_REMINDER_LEASE_SECONDS", 300)
REMINDER_BATCH = env_int("ALONGSIDE_REMINDER_BATCH", 500)
REMINDER_TICK_SECONDS = env_int("ALONGSIDE_TICK_SECONDS", 60)
