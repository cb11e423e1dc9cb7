"""Settings for the verzuim portal, read from the environment with safe development defaults."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from verzuim.conf import env, env_bool, env_list
from verzuim.storage import object_store

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(
    env(
        "VAR_DIR",
        help="Folder for local state: SQLite, Celery filesystem broker, uploads.",
        default=str(BASE_DIR / "var"),
    )
    or ""
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DJANGO_ENV = env("DJANGO_ENV", help="`development` (default) or `production`.", default="development")
if DJANGO_ENV not in {"development", "production"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env(
    "SECRET_KEY",
    help="Django secret key; required in production.",
    default=None if PRODUCTION else "development-only-insecure-key-do-not-use-in-production-0123456789",
    required=PRODUCTION,
)
DEBUG = not PRODUCTION and env_bool("DEBUG", help="Django debug pages (development only).", default=True)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    help="Comma-separated host names served; required in production.",
    default="" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver",
    required=PRODUCTION,
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", help="Comma-separated origins (https://host) trusted for CSRF.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # django-axes under a Dutch section name in the admin (verzuim/thirdparty_apps.py).
    "verzuim.thirdparty_apps.AxesConfig",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "verzuim",
    "premiums",
    "cases",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that reads the body (CSRF reads request.POST, which writes uploads to disk): refuses a body
    # over REQUEST_BODY_MAX_MB unread. SecurityMiddleware reads no body and gives the refusal its headers.
    "verzuim.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "verzuim.sessions.StaffSessionIdleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "verzuim.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware: widens style-src for /admin/ only, which jQuery in the admin needs.
    "verzuim.middleware.AdminCSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # After every write of a signed-in user that succeeded: the menu's task count is counted afresh.
    "verzuim.task_count.TaskCountMiddleware",
]

if PRODUCTION:
    # Development serves static files through runserver; production through WhiteNoise from STATIC_ROOT.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "verzuim.site.urls"
WSGI_APPLICATION = "verzuim.wsgi.application"

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
                "csp.context_processors.nonce",
                "verzuim.context_processors.portal",
            ],
            # The Dutch number and date filters (euro, decimal_nl, datum) in every template, without {% load %}.
            "builtins": ["verzuim.templatetags.dutch"],
        },
    },
]

# Built-in widgets render through Django's Jinja2 templates (same HTML, faster); see verzuim/form_renderer.py.
FORM_RENDERER = "verzuim.form_renderer.FastWidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            help="Database URL; default SQLite in var/db.sqlite3. CI uses PostgreSQL.",
            default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        )
        or "",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that start a real Celery worker need a test database another process can open.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite ignores select_for_update: a transaction takes the write lock when it begins (IMMEDIATE), so two
    # reminder senders (worker and send_reminders) claim one after the other instead of both sending a row and
    # one failing with "database is locked" on commit. Writers wait for each other up to `timeout` seconds.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable PostgreSQL fails a request (and /healthz) after seconds instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "verzuim.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "verzuim.validators.DutchMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"  # uploads; no URL serves this folder (documents go through a view that checks access)
# Uploaded and generated documents go through the storage API (STORAGES["default"]): the local MEDIA_ROOT by default,
# an S3-compatible object store when S3_BUCKET is set, so that any number of web nodes share them and none keeps a
# document on its own disk (docs/architecture.md, "Documents and web nodes"). The bucket stays private: the
# portal never hands out a bucket URL, every download streams through a view that checks access (verzuim/storage.py).
S3_BUCKET = env(
    "S3_BUCKET",
    help="Bucket of an S3-compatible object store for uploaded and generated documents (private; unset: the local "
    "folder VAR_DIR/media). Needed when more than one web node serves the portal.",
)
S3_ENDPOINT_URL = env(
    "S3_ENDPOINT_URL",
    help="Address of the object store when it is not Amazon S3 (MinIO, another provider), e.g. http://minio:9000; "
    "unset: Amazon S3 itself.",
)
S3_ACCESS_KEY_ID = env(
    "S3_ACCESS_KEY_ID", help="Access key of the object store (unset: boto3's own lookup, e.g. an instance role)."
)
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", help="Secret key belonging to S3_ACCESS_KEY_ID.")
S3_REGION = env("S3_REGION", help="Region of the bucket (unset: the store's default).")
if S3_BUCKET:
    STORAGES["default"] = object_store(
        bucket=S3_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        access_key=S3_ACCESS_KEY_ID,
        secret_key=S3_SECRET_ACCESS_KEY,
        region=S3_REGION,
    )
DOCUMENT_UPLOAD_MAX_MB = int(
    env(
        "DOCUMENT_UPLOAD_MAX_MB",
        help="Largest upload of a re-integration document (the labour expert's report, PDF only), in megabytes.",
        default="10",
    )
    or "10"
)
# The largest legitimate request body is a complaint with three attachments of 5 MB (complaints.services), plus 1 MB
# for its fields and the multipart framing; a larger DOCUMENT_UPLOAD_MAX_MB needs a larger limit (a system check,
# verzuim.request_limits, says so). docker-compose.yml gives nginx the same limit.
REQUEST_BODY_MAX_MB = int(
    env(
        "REQUEST_BODY_MAX_MB",
        help=(
            "Largest request body in megabytes; a larger one is refused (413) before it is read. At least the largest "
            "upload plus 1 MB; the reverse proxy (nginx in docker-compose.yml) gets the same limit."
        ),
        default="16",
    )
    or "16"
)
REQUEST_BODY_MAX_BYTES = REQUEST_BODY_MAX_MB * 1024 * 1024

REDIS_URL = env("REDIS_URL", help="Redis URL for the Celery broker and the cache; unset: no Redis needed.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A dead or hanging Redis must fail a request (and /healthz) within seconds, never hang it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    help="Django e-mail backend; development writes mails to EMAIL_FILE_PATH, production uses SMTP.",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", help="Folder for the file e-mail backend.", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", help="SMTP host (smtp backend).", default="localhost")
EMAIL_PORT = int(env("EMAIL_PORT", help="SMTP port (smtp backend).", default="25") or "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", help="SMTP user name (smtp backend).", default="") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", help="SMTP password (smtp backend).", default="") or ""
EMAIL_TIMEOUT = int(
    env("EMAIL_TIMEOUT", help="Seconds before a hanging SMTP server is given up.", default="10") or "10"
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", help="STARTTLS to the SMTP server (smtp backend).", default=False)
PORTAL_BASE_URL = (
    env(
        "PORTAL_BASE_URL",
        help="Address of the portal as users reach it, for links in e-mails and the calendar feed; required in "
        "production (`make run` sets it to the port it serves).",
        default=None if PRODUCTION else "http://127.0.0.1:8000",
        required=PRODUCTION,
    )
    or ""
).rstrip("/")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", help="Sender of the portal's e-mails.", default="Verzuimportaal <noreply@verzuimportaal.nl>"
)

# Celery: Redis when configured, otherwise kombu's filesystem transport so worker and beat run anywhere.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_FOLDER = VAR_DIR / "celery" / "broker"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A Redis that hangs (or a network that drops packets) must fail a publish within seconds, never block the
    # caller forever: without socket_timeout redis-py waits for an answer that never comes. The worker's BRPOP
    # answers within a second (kombu's brpop_timeout), so these timeouts never fire on a healthy broker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 3}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When Redis goes away mid-task the running task finishes and the worker reconnects (Celery 5.7.0 crashed here:
# pinned below it, see docs/decisions.md). Cancelling the task instead (Celery 6's planned default) would lose it
# when Redis restarts empty, or delay it until visibility_timeout when Redis kept its data.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False

REST_FRAMEWORK = {
    # A user's token, or a machine client's API key (verzuim.api_keys), which calls only what its scopes name.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "verzuim.api_auth.ExpiringTokenAuthentication",
        "verzuim.api_keys.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "verzuim.api_keys.ApiKeyScopePermission",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["verzuim.api_parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "verzuim.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# The OpenAPI schema (/api/schema/) and its browsable docs (/api/docs/) describe every endpoint and field; in
# production they are not served unless asked for (the contract is in docs/api.md and docs/openapi.yaml).
API_DOCS_ENABLED = env_bool(
    "API_DOCS_ENABLED",
    help="Serve /api/schema/ and /api/docs/ (default: on in development, off in production).",
    default=not PRODUCTION,
)
SPECTACULAR_SETTINGS = {
    "TITLE": "Verzuimportaal API",
    # The version of the contract, not of the path (that stays /api/v1/): raised with each change clients must know
    # of, each one in the changelog of docs/api.md. 1.1.0: every list is paged (issue 23 item 4). 1.2.0: the
    # employee's own cases, a case's conversation and the confidential physician thread (issue 22 items 3 and 6),
    # machine clients' API keys, events and the roster sync (issue 23 items 1, 2 and 3). 1.3.0: the premium
    # simulation and the sector's figure in the statistics (issue 24 items 1 and 4), the sickness report's
    # report_key (issue 25 item 4).
    "DESCRIPTION": "API of the MKB Verzuim-ontzorg portal (contract: docs/api.md).\n\n"
    "Added in 1.3.0 (08-12-2026): POST /premiums/simulations/, next year's premium under the caller's "
    'assumptions about the running sicknesses; nothing is stored. See docs/api.md, "Premium simulation". The '
    "absence statistics carry `sector_expected_absence`, the sector figure the premium uses. POST /absences/ takes "
    "an optional `report_key` that makes a retried report safe.\n\n"
    "Added in 1.2.0 (07-12-2026): /absences/{case_id}/messages/ (the case's conversation) and "
    "/absences/{case_id}/physician-messages/ (the confidential thread of employee and physician); machine "
    "clients: `/api/v1/api-keys/` makes, lists and revokes API keys, and a key calls the operations its scopes "
    "name with `Authorization: Api-Key <key>` (security `ApiKeyAuth`); events for HR systems: `/api/v1/webhooks/`; "
    "the roster sync: PUT and PATCH `/api/v1/employers/{employer_id}/roster/`. "
    'See docs/api.md, "Changelog".\n\n'
    "Changed in 1.1.0 (07-12-2026): every list is paged. A list answers at most `limit` rows (default 100, at most "
    '1000) and stays a JSON array; follow the `Link` header (rel="next") until it is absent. See docs/api.md, '
    '"Paging" and "Changelog".',
    "VERSION": "1.3.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        # Two serializers have a `category` field: each enum keeps its own name (the claims' one was there first).
        "CategoryEnum": "premiums.claims.rules.CATEGORY_VALUES",
        # The income result has two `code` fields: the phases' enum keeps the name it had before the warnings.
        "CodeEnum": "cases.income.rules.PHASE_CODES",
        "IncomeWarningCodeEnum": "cases.income.rules.WARNING_CODES",
        "ComplaintCategoryEnum": "complaints.models.ComplaintCategory",
        "GuaranteeFindingKindEnum": "cases.advice.guarantee.FINDING_KINDS",
        "InterventionKindEnum": "cases.interventions.models.InterventionKind",
        "InterventionStatusEnum": "cases.interventions.models.InterventionStatus",
        "WebhookEventEnum": "verzuim.models.WebhookEvent",
    },
    # The default enum hook first; then every operation gets its error responses, one shared body (api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "verzuim.api_schema.postprocess_error_responses",
    ],
}

# Failed logins lock out (per account and address) for an hour after five attempts.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "verzuim.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "verzuim.auth.axes_lockout_response"
PROXY_COUNT = int(
    env(
        "PROXY_COUNT",
        help=(
            "Reverse proxies in front of the app, each appending the address it was reached from to "
            "X-Forwarded-For (for client IPs): 0 for none; docker-compose.yml sets 1 (its nginx), 2 with a TLS "
            "terminator in front of nginx. Too high lets a client choose its own address."
        ),
        default="0",
    )
    or "0"
)
# django-axes would read addresses through django-ipware, which is not installed; without this it takes REMOTE_ADDR,
# the proxy's address, for every client (lockouts and the complaint rate limit would be shared by all).
AXES_CLIENT_IP_CALLABLE = "verzuim.auth.client_ip"

OTP_TOTP_ISSUER = "Verzuimportaal"
DEMO_OTP_SECRETS = not PRODUCTION  # the demo command prints TOTP secrets only outside production

# Content-Security-Policy (django-csp 4): no inline script or style anywhere.
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
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Staff work with other people's (medical) data: their sessions end after this much idle time (verzuim.sessions);
# an employer's session lasts SESSION_COOKIE_AGE. Both end when the browser closes.
STAFF_SESSION_IDLE_SECONDS = int(
    env(
        "STAFF_SESSION_IDLE_SECONDS",
        help="Seconds of inactivity after which a staff user (every role but the employer) is logged out.",
        default="1800",
    )
    or "1800"
)
# An API token is good for this many hours after it was issued (verzuim.api_auth); then the client asks for a
# new one, with the second factor for staff.
API_TOKEN_TTL_HOURS = int(
    env(
        "API_TOKEN_TTL_HOURS",
        help="Hours an API token is valid after it was issued; then POST /api/v1/auth/token/ issues a new one.",
        default="12",
    )
    or "12"
)
if API_TOKEN_TTL_HOURS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("API_TOKEN_TTL_HOURS must be at least 1: a shorter life issues tokens that never work.")
# Calls a machine client may make per API key (verzuim.api_keys.ApiKeyRateThrottle), as DRF writes a rate.
API_KEY_RATE = (
    env(
        "API_KEY_RATE",
        help='Calls per API key (machine client) allowed per period, e.g. "120/min"; more answer 429.',
        default="120/min",
    )
    or "120/min"
)
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", API_KEY_RATE):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('API_KEY_RATE must be a number of calls per period, e.g. "120/min".')
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", help="Redirect http to https (production).", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # health probes of the container and load balancer speak plain http
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

BENCH_TRIVIAL_VIEW = env_bool(
    "BENCH_TRIVIAL_VIEW",
    help="Route /bench/trivial/ (a constant) and /bench/floor/ (the cheapest signed-in page), for the load "
    "benchmark (bench/load/) only.",
    default=False,
)

WEBHOOK_ALLOW_HTTP = env_bool(
    "WEBHOOK_ALLOW_HTTP",
    help="Allow webhook subscriptions to plain http and to local or private addresses (development and tests only).",
    default=not PRODUCTION,
)
WEBHOOK_TIMEOUT_SECONDS = float(
    env(
        "WEBHOOK_TIMEOUT_SECONDS",
        help="Seconds a webhook receiver has to answer before the delivery counts as failed.",
        default="10",
    )
    or "10"
)

DEMO_PASSWORD = env(
    "DEMO_PASSWORD", help="Password of the demo users made by `manage.py demo`.", default="demo-verzuim"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "verzuim": {"level": "INFO"},
        # Django's own default handler already prints these; don't print them twice through root.
        "django": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
