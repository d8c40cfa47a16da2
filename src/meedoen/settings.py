"""Settings for Meedoen, driven by environment variables.

One settings module for every environment: development, tests and production differ only in
their environment (see README.md, "Configuration"). Production is the default whenever
``MEEDOEN_DEBUG`` is not set, so a forgotten variable fails closed.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("MEEDOEN_DEBUG", False)

# Development gets throwaway keys so `make run` works out of the box; production must set them.
_DEV_ONLY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("MEEDOEN_SECRET_KEY") or (_DEV_ONLY if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("MEEDOEN_SECRET_KEY must be set when MEEDOEN_DEBUG is off.")

# Key of the HMAC that turns a BSN into a pseudonym. Kept apart from SECRET_KEY so rotating the
# session key does not orphan every resident account.
BSN_PSEUDONYM_KEY = os.environ.get("MEEDOEN_BSN_PSEUDONYM_KEY") or (
    "development-pseudonym-key" if DEBUG else ""
)
if not BSN_PSEUDONYM_KEY:
    raise RuntimeError("MEEDOEN_BSN_PSEUDONYM_KEY must be set when MEEDOEN_DEBUG is off.")

ALLOWED_HOSTS = env_list("MEEDOEN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("MEEDOEN_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("MEEDOEN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "meedoen.accounts.apps.MeedoenAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "meedoen.audit",
    "meedoen.accounts",
    "meedoen.districts",
    "meedoen.pages",
    "meedoen.budgets",
    "meedoen.voting",
    "meedoen.lotteries",
    "meedoen.shares",
    "meedoen.kinderraad",
    "meedoen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "meedoen.log_format.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meedoen.urls"
WSGI_APPLICATION = "meedoen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meedoen.accounts.context_processors.navigation",
            ],
        },
    },
]

# SQLite is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'meedoen.sqlite3'}",
        conn_max_age=int(os.environ.get("MEEDOEN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting for a lock beats failing: two voters may submit at the same moment.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "meedoen.accounts.oidc.DigiDOIDCBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:my_data"
LOGOUT_REDIRECT_URL = "pages:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 idle minutes and when the browser closes (BIO: session management).
SESSION_COOKIE_AGE = int(os.environ.get("MEEDOEN_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Brute-force lockout for staff passwords (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("MEEDOEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("MEEDOEN_AXES_ENABLED", True)

# Residents: DigiD through an OpenID Connect broker. Unset client id = DigiD via OIDC is off.
OIDC_RP_CLIENT_ID = os.environ.get("MEEDOEN_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MEEDOEN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MEEDOEN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MEEDOEN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MEEDOEN_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MEEDOEN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("MEEDOEN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("MEEDOEN_OIDC_SCOPES", "openid bsn")
OIDC_BSN_CLAIM = os.environ.get("MEEDOEN_OIDC_BSN_CLAIM", "bsn")
OIDC_CREATE_USER = True
DIGID_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
# The mock DigiD page stands in for DigiD in development and tests; never on by default.
MOCK_DIGID_ENABLED = env_bool("MEEDOEN_MOCK_DIGID", DEBUG)

# BRP (Haal Centraal BRP Personen API v2). Without a URL the fake BRP of test persons answers,
# which is only allowed while the mock DigiD is on.
BRP_API_URL = os.environ.get("MEEDOEN_BRP_API_URL", "")
BRP_API_KEY = os.environ.get("MEEDOEN_BRP_API_KEY", "")
BRP_PURPOSE = os.environ.get("MEEDOEN_BRP_PURPOSE", "meedoen-stemgerechtigdheid")
BRP_PROCESSING = os.environ.get("MEEDOEN_BRP_PROCESSING", "participatie")
BRP_ORIGIN_OIN = os.environ.get("MEEDOEN_BRP_ORIGIN_OIN", "")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("MEEDOEN_STATIC_ROOT", PROJECT_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEEDOEN_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names in production; tests and development use the plain finders.
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("MEEDOEN_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "MEEDOEN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("MEEDOEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("MEEDOEN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("MEEDOEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MEEDOEN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MEEDOEN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("MEEDOEN_FROM_EMAIL", "meedoen@deventer.example")

# Security headers. No third-party request from any page: everything comes from 'self'.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MEEDOEN_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("MEEDOEN_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("MEEDOEN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "meedoen.pages.views.csrf_failure"

MAP_TILE_URL = os.environ.get("MEEDOEN_MAP_TILE_URL", "")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"] + ([OIDC_OP_AUTHORIZATION_ENDPOINT] if OIDC_RP_CLIENT_ID else []),
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "meedoen.log_format.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MEEDOEN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
