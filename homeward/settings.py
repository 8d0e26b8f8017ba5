"""Django settings for homeward: everything comes from the environment.

``HOMEWARD_ENV`` is ``development`` (the default for ``make run``), ``test``
or ``production``. Production refuses to start without a real secret key, an
import staging key and explicit allowed hosts. See docs/configuration.md for
every variable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from homeward.lib.env import env, envbool, envint, envlist
from homeward.lib.keys import local_key

BASE_DIR = Path(__file__).resolve().parent.parent
HOMEWARD_ENV = env("HOMEWARD_ENV", "development")
if HOMEWARD_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("HOMEWARD_ENV must be development, test or production")
PRODUCTION = HOMEWARD_ENV == "production"

DATA_DIR = Path(env("HOMEWARD_DATA_DIR", str(BASE_DIR / "var")))

# the development-only secret, refused when HOMEWARD_ENV=production
_DEV_SECRET = "homeward-development-only-secret-not-for-production"  # nosec B105
SECRET_KEY = env("HOMEWARD_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
# Authenticates the checked rows an import keeps on disk between its check and its
# commit (homeward/registry/staging.py). A key of its own, never SECRET_KEY: the
# development secret key is public, and one leaked or rotated key must not forge
# or invalidate what the other protects.
# The transparency log's name in its checkpoints (C2SP origin line) and its signing key's name.
HOMEWARD_LOG_ORIGIN = env("HOMEWARD_LOG_ORIGIN", "homeward.example/transparency-log")
HOMEWARD_IMPORT_STAGING_KEY = env("HOMEWARD_IMPORT_STAGING_KEY")
if not HOMEWARD_IMPORT_STAGING_KEY and not PRODUCTION:
    HOMEWARD_IMPORT_STAGING_KEY = local_key(DATA_DIR / "keys" / "import-staging.key")
DEBUG = envbool("HOMEWARD_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = envlist("HOMEWARD_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured(
            "HOMEWARD_SECRET_KEY (or HOMEWARD_SECRET_KEY_FILE) must be set to a random "
            "value of at least 50 characters in production."
        )
    if len(HOMEWARD_IMPORT_STAGING_KEY) < 50 or HOMEWARD_IMPORT_STAGING_KEY == SECRET_KEY:
        raise ImproperlyConfigured(
            "HOMEWARD_IMPORT_STAGING_KEY (or HOMEWARD_IMPORT_STAGING_KEY_FILE) must be set to a "
            "random value of at least 50 characters, not the secret key, in production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("HOMEWARD_ALLOWED_HOSTS must name the hosts homeward serves.")
    if DEBUG:
        raise ImproperlyConfigured("HOMEWARD_DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # the API's documentation page from the package's own static files, never a CDN
    "django_tasks",
    "django_tasks_db",
    "homeward.audit",
    "homeward.accounts",
    "homeward.registry",
    "homeward.agreements",
    "homeward.planning",
    "homeward.operations",
    "homeward.remains",
    "homeward.matching",
    "homeward.reports",
]

MIDDLEWARE = [
    "homeward.lib.server_timing.ServerTimingMiddleware",  # only with HOMEWARD_SERVER_TIMING
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "homeward.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "homeward.accounts.sessions.SessionLimitsMiddleware",
    "homeward.accounts.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "homeward.accounts.middleware.NoStoreMiddleware",
    "homeward.accounts.middleware.NotAllowedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homeward.urls"
WSGI_APPLICATION = "homeward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "homeward" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "homeward.accounts.context_processors.membership",
            ],
        },
    },
]


def _database(url: str) -> dict[str, object]:
    """Translate HOMEWARD_DATABASE_URL into Django's DATABASES entry."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'homeward.sqlite3'}"
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path) if parsed.path else ":memory:",
            # IMMEDIATE makes every transaction take the write lock up front, so two
            # writers queue instead of failing mid-transaction with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": env("HOMEWARD_TEST_SQLITE_NAME", "") or None},
            # Kept open between requests when set: opening one (the pragmas, the schema read) costs ~1.5 ms.
            "CONN_MAX_AGE": envint("HOMEWARD_DB_CONN_MAX_AGE", 0),
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": unquote(parsed.hostname or ""),
            "PORT": str(parsed.port or ""),
            # No just-in-time compilation: PostgreSQL compiles any query its planner costs above 100,000
            # (a count over the registry's 20,000 rows is), which took 25 ms of a 65 ms count; homeward's
            # queries are short, and the compiling never paid for itself.
            "OPTIONS": {"options": "-c jit=off"},
            "CONN_MAX_AGE": envint("HOMEWARD_DB_CONN_MAX_AGE", 0),
        }
    raise ImproperlyConfigured(f"HOMEWARD_DATABASE_URL: unsupported scheme {parsed.scheme!r}")


DATABASES = {"default": _database(env("HOMEWARD_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if HOMEWARD_ENV == "test":
    # Hashing with the default PBKDF2 iterations would dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# ModelBackend, except that upgrading a stored password hash goes through a service.
AUTHENTICATION_BACKENDS = ["homeward.accounts.backends.LockoutBackend", "homeward.accounts.backends.PasswordBackend"]
# Lock-out (django-axes): five failures for one account from one address lock that pair for 15 minutes.
# Counting the pair, not the account, means an attacker cannot lock the real user out from elsewhere.
AXES_FAILURE_LIMIT = envint("HOMEWARD_SIGN_IN_FAILURES", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("HOMEWARD_SIGN_IN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log already
AXES_ENABLE_ACCESS_FAILURE_LOG = False  # refusals are in the audit log already
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy, the client address is the one it adds to X-Forwarded-For; with none (the default),
# the connection's own address: a header the client writes itself must never decide whose attempts count.
AXES_IPWARE_PROXY_COUNT = envint("HOMEWARD_TRUSTED_PROXIES", 0) or None
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("uk", "Українська"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "homeward" / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["homeward.formats"]  # ISO short dates in English; Django's own formats in Ukrainian and Russian
# The language switcher's cookie (the choice of anyone not signed in): no script reads it; HTTPS only in production.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "homeward" / "static"]
STATIC_ROOT = Path(env("HOMEWARD_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env("HOMEWARD_MEDIA_ROOT", str(DATA_DIR / "uploads")))

SESSION_COOKIE_AGE = envint("HOMEWARD_SESSION_SECONDS", 8 * 3600)  # absolute: from the sign-in, whatever the activity
HOMEWARD_SESSION_IDLE_SECONDS = envint("HOMEWARD_SESSION_IDLE_SECONDS", 30 * 60)
# Coordinators (who approve and sign) must enrol an authenticator; anyone enrolled gives a code at sign-in.
HOMEWARD_MFA_REQUIRED = envbool("HOMEWARD_MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "homeward"
# Security keys (WebAuthn): the relying party is the site's domain; assertions from any other origin are refused.
HOMEWARD_WEBAUTHN_RP_ID = env("HOMEWARD_WEBAUTHN_RP_ID", ALLOWED_HOSTS[0] if PRODUCTION and ALLOWED_HOSTS
                              else "localhost")
HOMEWARD_WEBAUTHN_ORIGINS = envlist("HOMEWARD_WEBAUTHN_ORIGINS", f"https://{HOMEWARD_WEBAUTHN_RP_ID}" if PRODUCTION
                                    else "http://localhost:8000")
HOMEWARD_WEBAUTHN_CHALLENGE_SECONDS = 300
# A Server-Timing header (time in homeward, in the database, query count) for `homeward bench pages`.
HOMEWARD_SERVER_TIMING = envbool("HOMEWARD_SERVER_TIMING", False)
HOMEWARD_REAUTH_SECONDS = envint("HOMEWARD_REAUTH_SECONDS", 10 * 60)  # signing, approving, exporting
# Public statistics: counts below this are hidden, with the others that would give them away (docs/exports.md).
HOMEWARD_PUBLIC_THRESHOLD = envint("HOMEWARD_PUBLIC_THRESHOLD", 5)
if HOMEWARD_PUBLIC_THRESHOLD < 3:
    raise ImproperlyConfigured("HOMEWARD_PUBLIC_THRESHOLD must be 3 or more: smaller counts identify people.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = envbool("HOMEWARD_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("HOMEWARD_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
# Everything comes from homeward's own origin: no inline script or style, no third-party origin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Figures kept until the next audited write (homeward/audit/freshness.py): about a dozen keys per reader and page.
# "database" keeps them in a table every server process (and host) shares, so that after a write one process
# recomputes a dashboard, not each; the default on PostgreSQL. "memory" keeps them in each process; the default
# on SQLite, where a cache write would queue behind an import for the database's one write lock. Either way,
# Django's default of 300 entries would evict them (a third at a time) under a few dozen readers, and each
# eviction costs a recount of thousands of records.
CACHE_ENTRIES = envint("HOMEWARD_CACHE_ENTRIES", 20_000)
CACHE_TABLE = "homeward_cache"
_CACHE_BACKENDS = {"database": "django.core.cache.backends.db.DatabaseCache",
                   "memory": "django.core.cache.backends.locmem.LocMemCache"}
_CACHE_KIND = env("HOMEWARD_CACHE", "database" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "memory")
if _CACHE_KIND not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(f"HOMEWARD_CACHE must be database or memory, not {_CACHE_KIND!r}")
# LOCATION names the database cache's table; the memory cache takes it as the name of its store.
CACHES = {"default": {"BACKEND": _CACHE_BACKENDS[_CACHE_KIND], "LOCATION": CACHE_TABLE,
                      "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES}}}

TASKS = {
    "default": {
        "BACKEND": env("HOMEWARD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The worker purges what is past its retention every so many hours (docs/security.md); 0: never by
# itself (`homeward purge` by hand or from cron). Off in development: the demo's events are old enough to go.
HOMEWARD_PURGE_EVERY_HOURS = envint("HOMEWARD_PURGE_EVERY_HOURS", 24 if PRODUCTION else 0)

# Roster imports: limits applied before any parser runs (docs/imports.md).
HOMEWARD_IMPORT_MAX_BYTES = envint("HOMEWARD_IMPORT_MAX_BYTES", 512 * 1024 * 1024)
HOMEWARD_IMPORT_MAX_ROWS = envint("HOMEWARD_IMPORT_MAX_ROWS", 2_000_000)
HOMEWARD_IMPORT_XLSX_MEMORY_BYTES = envint("HOMEWARD_IMPORT_XLSX_MEMORY_BYTES", 1024 * 1024 * 1024)
HOMEWARD_IMPORT_XLSX_SECONDS = envint("HOMEWARD_IMPORT_XLSX_SECONDS", 120)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("HOMEWARD_LOG_LEVEL", "WARNING")},
}
