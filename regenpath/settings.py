"""The one settings module, driven by environment variables.

Every setting a deployment may change is read here with a small typed helper; nothing else in
the code reads the environment. Defaults make `regenpath demo` work on a laptop with SQLite.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def envstr(name: str, default: str) -> str:
    """Return the environment variable `name`, or `default` when it is unset or empty."""
    return os.environ.get(name) or default


def envbool(name: str, default: str) -> bool:
    """Return the environment variable `name` read as a yes/no flag."""
    value = envstr(name, default).lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    """Return the environment variable `name` read as an integer."""
    value = envstr(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envsecret(name: str, default: str) -> str:
    """Return a secret from `name`, or from the file named by `name`_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return envstr(name, default)


def database_from_url(url: str) -> dict[str, object]:
    """Return a Django DATABASES entry for a `postgres://` or `sqlite:///` URL."""
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "regenpath",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        return sqlite_database(Path(unquote(parts.path)))
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite:///, not {url!r}"
    )


def sqlite_database(path: Path) -> dict[str, object]:
    """Return the SQLite settings: WAL for concurrent readers, IMMEDIATE so writers queue."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # Writers take the lock at BEGIN, so a read-then-write (the audit hash chain)
            # cannot interleave with another writer (Django 5.1+ `transaction_mode`).
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


# Where the SQLite database, uploaded files and generated PDFs live.
DATA_DIR = Path(envstr("REGENPATH_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = envbool("REGENPATH_DEBUG", "false")
SECRET_KEY = envsecret("REGENPATH_SECRET_KEY", "")
if not SECRET_KEY:
    # Only tests and one-off commands run without a key: `regenpath demo` and `regenpath
    # serve` create a random key in the data folder and pass it as REGENPATH_SECRET_KEY_FILE,
    # and `manage.py check --deploy` flags this placeholder.
    SECRET_KEY = "django-insecure-placeholder-set-REGENPATH_SECRET_KEY-in-production"  # noqa: S105
ALLOWED_HOSTS = envstr("REGENPATH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in envstr("REGENPATH_CSRF_TRUSTED_ORIGINS", " ").split(",") if o.strip()
]

# Marks every page with the "synthetic demo data" banner; `regenpath demo` turns it on.
SYNTHETIC_DATA = envbool("REGENPATH_SYNTHETIC_DATA", "false")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "regenpath.clinics",
    "regenpath.audit",
    "regenpath.patients",
    "regenpath.screening",
    "regenpath.plans",
    "regenpath.outcomes",
    "regenpath.procedures",
    "regenpath.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regenpath.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "regenpath.clinics.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "regenpath.urls"
WSGI_APPLICATION = "regenpath.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regenpath.web.context.site",
            ],
        },
    }
]

_database_url = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else sqlite_database(DATA_DIR / "regenpath.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (DESIGN.md, Security); the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lock an account name after this many failed logins within the window (DESIGN.md, Security).
LOGIN_FAILURE_LIMIT = envint("REGENPATH_LOGIN_FAILURE_LIMIT", "5")
LOGIN_LOCKOUT_MINUTES = envint("REGENPATH_LOGIN_LOCKOUT_MINUTES", "15")

# Idle sessions end: each request pushes expiry forward, a quiet tablet is logged out.
SESSION_COOKIE_AGE = envint("REGENPATH_SESSION_IDLE_MINUTES", "30") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = envbool("REGENPATH_HTTPS", "false")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("REGENPATH_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail through Django's backends: console in the demo, SMTP in production.
EMAIL_BACKEND = envstr("REGENPATH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("REGENPATH_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("REGENPATH_EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("REGENPATH_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("REGENPATH_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("REGENPATH_EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = envstr("REGENPATH_FROM_EMAIL", "regenpath <noreply@regenpath.invalid>")

# Where licensed instrument text packs live (instruments.md §1.3); outside the repository.
TEXTPACK_DIR = Path(envstr("REGENPATH_TEXTPACK_DIR", str(DATA_DIR / "textpacks")))

PATIENTS_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("REGENPATH_LOG_LEVEL", "WARNING")},
}
