"""Django settings. Every value that differs between machines comes from the environment (see config.py)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from backoffice.config import data_dir, env, secret_key, to_bool, to_list

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env("BACKOFFICE_DEBUG", False, to_bool)
HTTPS = env("BACKOFFICE_HTTPS", False, to_bool)
ALLOWED_HOSTS = env("BACKOFFICE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], to_list)
# The address people open the product at: links in e-mails (invitations, digests) start with it.
PUBLIC_URL = env("BACKOFFICE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env("BACKOFFICE_CSRF_TRUSTED_ORIGINS", [], to_list)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "ninja",
    "backoffice.core",
    "backoffice.people",
    "backoffice.supplies",
    "backoffice.frontdesk",
    "backoffice.equipment",
    "backoffice.meetings",
    "backoffice.recruitment",
    "backoffice.staff",
    "backoffice.overview",
    "backoffice.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "backoffice.core.middleware.PreferredLanguageMiddleware",
    "backoffice.core.middleware.SessionTimeoutMiddleware",
    "backoffice.core.middleware.SecondFactorMiddleware",
    "backoffice.core.middleware.ActorMiddleware",
    "backoffice.core.middleware.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"

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
                "backoffice.core.context_processors.shell",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "backoffice.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of deadlocking.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- jobs -------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
JOBS_NAME = env("BACKOFFICE_JOBS_NAME", "backoffice")  # one queue per installation sharing a Redis
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": JOBS_NAME, "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": JOBS_NAME,
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "immediate": False,
    }
HUEY["consumer"] = {"workers": 2, "worker_type": "thread", "periodic": True}

# --- auth -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "backoffice.core.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:my_work"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env("BACKOFFICE_LOGIN_FAILURE_LIMIT", 5, int)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A password alone is half a log-in: the failure count is reset only when the whole log-in (with the second factor,
# where one is needed) succeeded, by core.second_factor. Wrong codes count as failed log-ins too.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]  # never kept in the attempt log
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# A second factor (an authenticator app, TOTP) is needed by the roles core.roles.SECOND_FACTOR_ROLES names; anyone
# else may add one. Turning the requirement off makes it optional for everyone; whoever has an authenticator app is
# still asked for its code.
REQUIRE_SECOND_FACTOR = env("BACKOFFICE_REQUIRE_2FA", True, to_bool)
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes in a row the next is refused for 2**(n-1) seconds
# /admin/ lists the apps (an administrator deletes a lost phone's there) but never shows their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

SESSION_COOKIE_AGE = env("BACKOFFICE_SESSION_IDLE_SECONDS", 2 * 3600, int)  # idle timeout
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env("BACKOFFICE_SESSION_ABSOLUTE_SECONDS", 12 * 3600, int)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("BACKOFFICE_SSL_REDIRECT", True, to_bool)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = env("BACKOFFICE_LANGUAGE", "cs")
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("BACKOFFICE_TIME_ZONE", "Europe/Prague")
USE_I18N = True
USE_TZ = True
COUNTRY = env("BACKOFFICE_COUNTRY", "CZ")
CURRENCY = env("BACKOFFICE_CURRENCY", "CZK")

# --- static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"  # outside the web root; served only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# --- mail -------------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = env("EMAIL_PORT", 25, int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, to_bool)
EMAIL_USE_SSL = env("EMAIL_USE_SSL", False, to_bool)
EMAIL_TIMEOUT = env("EMAIL_TIMEOUT", 30, int)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "backoffice@localhost")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # No mail server configured: keep every message as a file so nothing is lost.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
OUTBOX_MAX_ATTEMPTS = env("BACKOFFICE_OUTBOX_MAX_ATTEMPTS", 8, int)

COMPANY_NAME = env("BACKOFFICE_COMPANY_NAME", "Demo s.r.o.")
OTP_TOTP_ISSUER = f"backoffice {COMPANY_NAME}"  # how the authenticator app labels the entry
COMPANY_ADDRESS = env("BACKOFFICE_COMPANY_ADDRESS", "")  # one line, e.g. "Vodičkova 1, 110 00 Praha 1"
COMPANY_ICO = env("BACKOFFICE_COMPANY_ICO", "")  # printed on purchase orders
COMPANY_DIC = env("BACKOFFICE_COMPANY_DIC", "")
# Purchase orders above this net amount (in CZK) need the office manager's approval.
SUPPLIES_APPROVAL_LIMIT = env("BACKOFFICE_SUPPLIES_APPROVAL_LIMIT", 20000, int)
SUPPLIES_SELF_APPROVAL = env("BACKOFFICE_SUPPLIES_SELF_APPROVAL", False, to_bool)  # may one approve one's own order

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("BACKOFFICE_LOG_LEVEL", "WARNING")},
    "loggers": {"huey": {"propagate": False}},  # the worker prints its own log lines; not twice
}

# --- front desk -------------------------------------------------------------------------------
FRONTDESK_PBX_SECRET = env("BACKOFFICE_PBX_SECRET", "")  # shared with the PBX; empty: the webhook refuses all
FRONTDESK_PBX_REPLAY_SECONDS = env("BACKOFFICE_PBX_REPLAY_SECONDS", 300, int)
FRONTDESK_FAX_TRANSPORT = env("BACKOFFICE_FAX_TRANSPORT", "email")  # "email" (gateway) or "hylafax" (sendfax)
FRONTDESK_FAX_GATEWAY_DOMAIN = env("BACKOFFICE_FAX_GATEWAY_DOMAIN", "fax.localhost")
FRONTDESK_HYLAFAX_SERVER = env("BACKOFFICE_HYLAFAX_SERVER", "localhost")  # host[:port] of hfaxd, for sendfax -h
FRONTDESK_FAX_MAX_ATTEMPTS = env("BACKOFFICE_FAX_MAX_ATTEMPTS", 5, int)
FRONTDESK_ATTACHMENT_MAX_BYTES = env("BACKOFFICE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, int)
FRONTDESK_IMAP_TIMEOUT = env("BACKOFFICE_IMAP_TIMEOUT", 30, int)
