"""Settings shared by every environment; differences come from the environment.

Read from the process environment (and an optional ``.env`` file at the project
root): DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
EMAIL_URL, CHIBO_REGULATION_OVERRIDES (JSON), CHIBO_ACTIVATION_DAYS,
CHIBO_QUALITY_MAX_MEMBERS, CHIBO_IDLE_TIMEOUT_MINUTES, EXCHANGE_PROGRESS_DIR, LOG_LEVEL.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "chibo.core",
    "chibo.accounts",
    "chibo.organizations",
    "chibo.members",
    "chibo.admissions",
    "chibo.meetings",
    "chibo.badges",
    "chibo.evaluations",
    "chibo.discipline",
    "chibo.commendations",
    "chibo.exchange",
    "chibo.reports",
    "chibo.documents",
    "chibo.handbook",
    "chibo.portal",
    "chibo.questions",
]

# Background jobs (STACK.md): the Django tasks API with its database backend; the worker is
# ``manage.py db_worker`` (started by ``make run``). Tests run tasks at once (settings/test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chibo.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chibo.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "chibo.accounts.middleware.SecondFactorMiddleware",
    "chibo.accounts.middleware.IdleTimeoutMiddleware",
]

ROOT_URLCONF = "config.urls"

#: models.W040: SQLite has no INCLUDE columns, so the member subtree index (members 0012) is only its
#: two keys there; the included columns serve PostgreSQL's index-only scans of the statistics report.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chibo.core.context_processors.navigation",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL via DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'chibo.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run beside one writer; IMMEDIATE avoids "database is locked"
            # upgrades inside transactions; a busy timeout waits instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
#: Minutes without activity after which the session of an administrator, an organisation-board
#: member or an inspector (those who need a second factor: they read other people's records) is
#: signed out; 0 switches it off (chibo.accounts.middleware.IdleTimeoutMiddleware). Ordinary members
#: are never timed out: the handbook is used on phones, often by elderly members, and signing in
#: again every half hour would shut them out; their sessions keep the limits above.
CHIBO_IDLE_TIMEOUT_MINUTES = env.int("CHIBO_IDLE_TIMEOUT_MINUTES", default=30)

# Login throttling (django-axes): counted in the database, so it holds across workers.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Member accounts: a one-time activation code is valid through the last of this many days.
CHIBO_ACTIVATION_DAYS = env.int("CHIBO_ACTIVATION_DAYS", default=30)
#: Largest subtree (active members) whose data quality is checked on a page, in the Excel file,
#: the API or a campaign snapshot: a province (~165,000) takes 1–2 s, the whole country 80–90 s
#: (docs/decisions/0013-statistics-and-data-quality.md); larger ones: `manage.py report quality`.
CHIBO_QUALITY_MAX_MEMBERS = env.int("CHIBO_QUALITY_MAX_MEMBERS", default=500_000)

# Second factor (django-otp): TOTP apps and recovery codes for the organisation board, inspectors
# and administrators (chibo.accounts.middleware). Failed codes slow further tries down.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="chibo")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Internationalisation: Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}  # the handbook app's manifest

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["chibo.core.permissions.HasAnyRole"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_USER_RATE", default="6000/hour")},
    "EXCEPTION_HANDLER": "chibo.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chibo API",
    "DESCRIPTION": "Organisation tree, members and party work of a party committee.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # choice sets that share a field name ("kind", "grade") get names of their own in the schema
    "ENUM_NAME_OVERRIDES": {
        "EvaluationGradeEnum": "chibo.evaluations.models.Grade",
        "CommendationKindEnum": "chibo.commendations.models.Kind",
        "InspectionProgrammeKindEnum": "chibo.discipline.models.Programme.Kind",
        "DocumentKindEnum": "chibo.documents.models.DocumentKind",
        "HandbookPostKindEnum": "chibo.handbook.models.PostKind",
        "CorrectionRequestStateEnum": "chibo.portal.models.RequestState",
        "QuestionStateEnum": "chibo.questions.models.QuestionState",
        "MemberEventKindEnum": "chibo.members.models.MemberEvent.Kind",
        "QualityRunStateEnum": "chibo.reports.models.QualityRun.State",
    },
}

# Caches: the database cache holds across gunicorn workers (throttles); created by
# `manage.py createcachetable` in `make run` and the deployment steps.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://chibo_cache"),
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="chibo@localhost")

# Regulation profile fields a deployment overrides, e.g. {"introducers_required": 1}.
CHIBO_REGULATION_OVERRIDES = env.json("CHIBO_REGULATION_OVERRIDES", default={})
# Dotted path of an SMS gateway class with send(phone, text) (chibo.meetings.notify); none by default.
CHIBO_SMS_BACKEND = env.str("CHIBO_SMS_BACKEND", default="")
# Upload limits: roster files for import (chibo.exchange), document files (chibo.documents).
EXCHANGE_MAX_UPLOAD_BYTES = env.int("EXCHANGE_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
CHIBO_DOCUMENT_MAX_BYTES = env.int("CHIBO_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
#: Where the worker running an import writes its progress for the pages (a folder both the web
#: processes and ``db_worker`` see; the temporary folder when they share a machine).
if env.str("EXCHANGE_PROGRESS_DIR", default=""):
    EXCHANGE_PROGRESS_DIR = env.str("EXCHANGE_PROGRESS_DIR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
