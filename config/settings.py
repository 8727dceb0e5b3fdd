"""Samverka settings: one module, read from environment variables.

Every variable is documented in `.env.example`. Development defaults are safe; a bad
value fails loudly at start-up. With DEBUG off a real SECRET_KEY is required.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    import os

    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-key-change-me"  # noqa: S105 - development default only
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY or "") < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value when DEBUG=0")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
OCDS_PREFIX = env("OCDS_PREFIX", "ocds-samverka") or "ocds-samverka"  # ocid prefix (open data)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "pgtrigger",
    "pghistory",
    "rules",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Samverka's apps (the arrows between them: README "How the code is laid out").
    "core",
    "organizations",
    "notifications",
    "api",
    "needs",
    "dialogue",
    "procurements",
    "sharing",
    "sprints",
    "reports",
    "projects",
    "arena",
]

MIDDLEWARE = [
    "core.arrival.ArrivalTimeMiddleware",  # first: deadlines are judged by arrival
    "django.middleware.security.SecurityMiddleware",
    "core.guards.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samverka"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Behind a connection pooler in transaction mode (PgBouncer, DATABASE_POOLER=transaction)
# a connection is shared between clients from one transaction to the next, so nothing
# may outlive a transaction on it: no prepared statements or server-side parameters, no
# server-side (WITH HOLD) cursors for .iterator(), no start-up options (PgBouncer refuses
# them; set the planner settings on the database server instead).
DATABASE_POOLER = env("DATABASE_POOLER", "") or ""
if DATABASE_POOLER not in {"", "session", "transaction"}:
    raise ImproperlyConfigured("DATABASE_POOLER must be empty, session or transaction")
_transaction_pooler = DATABASE_POOLER == "transaction"
if _transaction_pooler:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if env_int("DATABASE_PREPARE_THRESHOLD", -1) >= 0:
        raise ImproperlyConfigured(
            "DATABASE_PREPARE_THRESHOLD must be -1 (or unset) with DATABASE_POOLER=transaction"
        )
# Planner settings for a web application whose data fits in memory on a small machine:
# random page reads cost about what sequential ones do (SSD, cached), and a page's query
# should not fan out to parallel workers or JIT compilation (each costs more than it saves
# on a 2-core server). Set DATABASE_PG_OPTIONS="" behind a pooler that refuses them.
_pg_options = env(
    "DATABASE_PG_OPTIONS",
    ""
    if _transaction_pooler
    else "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0 -c jit=off",
)
if _pg_options:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = _pg_options
# Parameters bound by the server and statements prepared after DATABASE_PREPARE_THRESHOLD
# runs on a connection: a page's queries are the same few statements every time, so
# PostgreSQL plans each once per connection instead of on every request (the case page's
# query took 2.5 ms to plan and 0.4 ms to run). Set DATABASE_PREPARE_THRESHOLD=-1 behind
# a pooler in transaction mode, which cannot keep prepared statements.
_prepare_threshold = env_int("DATABASE_PREPARE_THRESHOLD", -1 if _transaction_pooler else 2)
if _prepare_threshold >= 0:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=_prepare_threshold
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Samverka needs PostgreSQL: DATABASE_URL must be postgres://...")
DATABASES["default"]["ENGINE"] = "core.pg"  # Django's, with prepared statements (core/pg)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Failures counted per normalised e-mail: letter case must not reset the counter.
AXES_USERNAME_CALLABLE = "organizations.auth.axes_username"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Behind N reverse proxies (Caddy in docker-compose: 1) the client's address is the N-th
# from the right in X-Forwarded-For; without this every login would come from the proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")) or "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads and reports in a private S3-compatible bucket (SeaweedFS, MinIO, AWS, ...)
# when STORAGE_S3_BUCKET is set, so every web node and worker on every machine shares
# them; otherwise on the local disk under MEDIA_ROOT. Code uses the storage API only.
STORAGE_S3_BUCKET = env("STORAGE_S3_BUCKET", "") or ""
if STORAGE_S3_BUCKET:
    _s3_key, _s3_secret = env("STORAGE_S3_ACCESS_KEY", ""), env("STORAGE_S3_SECRET_KEY", "")
    if bool(_s3_key) != bool(_s3_secret):
        raise ImproperlyConfigured("Set both STORAGE_S3_ACCESS_KEY and STORAGE_S3_SECRET_KEY")
    _s3_style = env("STORAGE_S3_ADDRESSING_STYLE", "path") or "path"
    if _s3_style not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured("STORAGE_S3_ADDRESSING_STYLE must be path, virtual or auto")
    STORAGES["default"] = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env("STORAGE_S3_ENDPOINT_URL", "") or None,
            "access_key": _s3_key or None,  # empty: boto3's own chain (IAM role, ...)
            "secret_key": _s3_secret or None,
            "region_name": env("STORAGE_S3_REGION", "us-east-1") or "us-east-1",
            "location": (env("STORAGE_S3_PREFIX", "") or "").strip("/"),
            "addressing_style": _s3_style,
            "verify": env("STORAGE_S3_CA_BUNDLE", "") or None,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Keys for sealed bids, never stored in the database (procurements/crypto.py): Fernet keys
# for the content (comma-separated, newest first) and a separate HMAC key for the supplier
# token. Derived from SECRET_KEY in development only; required when DEBUG=0.
BID_ENCRYPTION_KEY = env("BID_ENCRYPTION_KEY", "") or ""
SUPPLIER_TOKEN_KEY = env("SUPPLIER_TOKEN_KEY", "") or ""
if not DEBUG and not (BID_ENCRYPTION_KEY.strip() and SUPPLIER_TOKEN_KEY.strip()):
    raise ImproperlyConfigured(
        "BID_ENCRYPTION_KEY and SUPPLIER_TOKEN_KEY must be set when DEBUG=0 (see README: Security)"
    )

# --- Cache (Redis, with short timeouts so a dead Redis never hangs a page) --------------
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0") or ""
REDIS_SOCKET_TIMEOUT = float(env("REDIS_SOCKET_TIMEOUT", "1.0") or 1.0)
CACHES = {
    "default": {
        "BACKEND": "core.redis_cache.RedisCache",  # one client per pool: see the module
        "LOCATION": env("CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "KEY_PREFIX": "samverka",
        "OPTIONS": {
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 0,
    "visibility_timeout": 3600,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}  # filled in config/celery.py from each app's BEAT_SCHEDULE

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Samverka <noreply@samverka.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverka API",
    "DESCRIPTION": "Innovation procurement and sharing between Swedish municipalities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs need a signed-in user or a token, like the API itself.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "organizations.enums.OrganizationKind",
        "ListingKindEnum": "sharing.enums.ListingKind",
        "BookingStateEnum": "sharing.enums.BookingState",
        "CallOffStateEnum": "sprints.enums.CallOffState",
        "OfferStateEnum": "sprints.enums.OfferState",
        "SessionStateEnum": "sprints.enums.SessionState",
    },
}

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# django-filter: the empty choice of every single-choice facet (an untouched form filters nothing).
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- History (django-pghistory defaults: events keep a foreign key to the object) ---

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the hx-headers attribute, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
AXES_VERBOSE = False
