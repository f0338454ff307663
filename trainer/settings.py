"""Django settings for Trainer.

Everything comes from the environment; without it, the embedded default runs on
one machine with nothing external: SQLite and Celery's filesystem broker under
``var/``, and the embedded text service on the same server at ``/api/text/``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TRAINER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def generated_secret(filename: str) -> str:
    """A secret kept in ``var/`` for the embedded default, made on first use."""
    path = VAR_DIR / filename
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or generated_secret("secret_key")
# The key that encrypts the secrets kept in the database (a capture project's token);
# TRAINER_ENCRYPTION_KEYS_OLD (comma-separated) still decrypt what older keys wrote.
TRAINER_ENCRYPTION_KEY = os.environ.get("TRAINER_ENCRYPTION_KEY") or generated_secret(
    "encryption_key"
)
TRAINER_ENCRYPTION_KEYS_OLD = env_list("TRAINER_ENCRYPTION_KEYS_OLD", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "trainer.dashboard",
    "trainer.textapi",
    "trainer.captureapi",
    "trainer.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trainer.dashboard.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trainer.urls"
WSGI_APPLICATION = "trainer.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: wait for
    # locks instead of failing, and let readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests that run a real worker process need the test database on disk.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login rate limiting: after 5 failures for one username from one address, that
# pair waits 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("TRAINER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TRAINER_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind TRAINER_PROXY_COUNT reverse proxies, the address the lock-out keys on is the
# client's, as the proxies appended it to X-Forwarded-For (django-ipware); without a
# proxy, only the connection's own address counts (a header could be forged).
TRAINER_PROXY_COUNT = int(os.environ.get("TRAINER_PROXY_COUNT", "0"))
if TRAINER_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_PROXY_COUNT = TRAINER_PROXY_COUNT

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "trainer" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the source folders too, so the embedded default needs no collectstatic.
WHITENOISE_USE_FINDERS = True

MEDIA_ROOT = Path(os.environ.get("TRAINER_MEDIA_ROOT", VAR_DIR / "media"))

# Files that several machines share (uploads: "default"; the embedded service's
# trained models: "textapi") go through Django's storage API: the file system by
# default, an S3-compatible bucket when TRAINER_STORAGE_S3_BUCKET is set (needs
# the "s3" extra). Static files get hashed names from a manifest (collectstatic
# first) with DJANGO_STATIC_MANIFEST=1; without it, whitenoise serves the sources.
S3_BUCKET = os.environ.get("TRAINER_STORAGE_S3_BUCKET", "")


def s3_storage(prefix: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": prefix,
            "endpoint_url": os.environ.get("TRAINER_STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("TRAINER_STORAGE_S3_REGION") or None,
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
        },
    }


STORAGES = {
    "default": s3_storage("media")
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "textapi": s3_storage("textapi-models")
    if S3_BUCKET
    else {"BACKEND": "trainer.textapi.storage.ModelFileStorage"},
    # The embedded capture service's uploaded files and rendered pages.
    "captureapi": s3_storage("capture")
    if S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("CAPTUREAPI_DIR", str(VAR_DIR / "capture"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: the production values come with DJANGO_SECURE=1 (behind HTTPS).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("DJANGO_SECURE"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    },
}

# A cache shared by all web processes also keeps the sessions (cached_db: written to
# both, read from the cache) and the signed-in users (dropped at each change), saving
# two queries per request: Redis at DJANGO_CACHE_URL (e.g. redis://127.0.0.1:6379/1),
# or, on SQLite (one machine by nature), files under var/cache. Otherwise both stay in
# the database alone: a per-process cache (LocMem) would let a session deleted at
# logout, or a user deactivated, live on in the others. Redis also keeps what status
# polls read (trainer/dashboard/polling/cache.py), saving their last query; not files,
# since each sync pass writes every model in flight there.
# The polled status fragments are kept apart, in each process's memory: each under a
# digest of all that it shows, so never stale whichever process rendered it, and
# cheaper to read on every 2-second poll than the shared cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "status-fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "status-fragments",
        "OPTIONS": {"MAX_ENTRIES": 1_000},
    },
}
if CACHE_URL := os.environ.get("DJANGO_CACHE_URL", ""):
    CACHES["default"] = {
        "BACKEND": "trainer.ops.cache.RedisCache",
        "LOCATION": CACHE_URL,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
TRAINER_POLL_CACHE = bool(CACHE_URL)
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")
    AUTHENTICATION_BACKENDS.append("trainer.dashboard.backends.CachedModelBackend")

# Celery: kombu's filesystem transport (no server) unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_DIR = Path(os.environ.get("TRAINER_BROKER_DIR", VAR_DIR / "broker"))
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "sync"
# Four queues, so that no kind of work waits behind another: the dashboard's syncs
# (and beat's quick tasks), text trainings, document captures, labeled-data imports.
CELERY_TASK_ROUTES = {
    # The reapers are quick and must not wait behind a long training.
    "trainer.textapi.tasks.models_reap": {"queue": "sync"},
    "trainer.textapi.tasks.labeling_sessions_reap": {"queue": "sync"},
    "trainer.captureapi.tasks.tasks_reap": {"queue": "sync"},
    "trainer.textapi.tasks.labeling_session_import": {"queue": "imports"},
    "trainer.textapi.tasks.*": {"queue": "training"},
    "trainer.captureapi.tasks.*": {"queue": "capture"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")

# The training API the dashboard speaks to. By default: the embedded service
# on this same server, reached over HTTP like any vendor.
PORT = int(os.environ.get("PORT", "8000"))
TRAINER_API_URL = os.environ.get("TRAINER_API_URL", f"http://127.0.0.1:{PORT}/api/text/")
TRAINER_API_TOKEN = os.environ.get("TRAINER_API_TOKEN") or generated_secret("api_token")
# An account instead of a pasted token: the client logs in (POST /auth/login) with these.
TRAINER_API_EMAIL = os.environ.get("TRAINER_API_EMAIL", "")
TRAINER_API_PASSWORD = os.environ.get("TRAINER_API_PASSWORD", "")
TRAINER_API_CONNECT_TIMEOUT = float(os.environ.get("TRAINER_API_CONNECT_TIMEOUT", "3.05"))
TRAINER_API_READ_TIMEOUT = float(os.environ.get("TRAINER_API_READ_TIMEOUT", "15"))
TRAINER_API_RETRIES = int(os.environ.get("TRAINER_API_RETRIES", "3"))
TRAINER_SYNC_INTERVAL = float(os.environ.get("TRAINER_SYNC_INTERVAL", "2"))
TRAINER_PROJECT_SYNC_INTERVAL = float(os.environ.get("TRAINER_PROJECT_SYNC_INTERVAL", "60"))
# An in-flight model the sync has not reached for this long shows "status updates are
# paused" (and why) instead of "updates by itself".
TRAINER_SYNC_PAUSED_SECONDS = float(
    os.environ.get("TRAINER_SYNC_PAUSED_SECONDS", str(max(15.0, 5 * TRAINER_SYNC_INTERVAL)))
)
# Webhooks go to public addresses only, unless the receivers are inside the network.
TRAINER_WEBHOOKS_ALLOW_PRIVATE = env_bool("TRAINER_WEBHOOKS_ALLOW_PRIVATE")

# The embedded text service keeps its trained models here.
TEXTAPI_MODEL_DIR = Path(os.environ.get("TEXTAPI_MODEL_DIR", VAR_DIR / "textapi-models"))
TEXTAPI_MAX_UPLOAD_BYTES = int(os.environ.get("TEXTAPI_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# A labeled-data file up to this size is imported in the request (a bad one answers
# 400); a larger one is stored and imported by a worker while its session is CREATED.
TEXTAPI_IMPORT_INLINE_BYTES = int(
    os.environ.get("TEXTAPI_IMPORT_INLINE_BYTES", str(2 * 1024 * 1024))
)
# How long a token from the text service's POST /auth/login lasts (tokens made in
# the admin or by `manage.py textapi_token` last until revoked).
TEXTAPI_TOKEN_TTL_SECONDS = int(os.environ.get("TEXTAPI_TOKEN_TTL_SECONDS", str(24 * 60 * 60)))
# A training model's heartbeat (seconds between two); the reaper (every
# TEXTAPI_REAPER_INTERVAL seconds) queues again a TRAINING model silent for longer
# than TEXTAPI_TRAINING_STALE_SECONDS (its worker stopped) until it has been tried
# TEXTAPI_TRAINING_MAX_ATTEMPTS times, then fails it; and queues again a model QUEUED
# for longer than TEXTAPI_QUEUED_STALE_SECONDS (its message may have been lost).
TEXTAPI_HEARTBEAT_SECONDS = float(os.environ.get("TEXTAPI_HEARTBEAT_SECONDS", "30"))
TEXTAPI_TRAINING_STALE_SECONDS = float(os.environ.get("TEXTAPI_TRAINING_STALE_SECONDS", "120"))
TEXTAPI_TRAINING_MAX_ATTEMPTS = int(os.environ.get("TEXTAPI_TRAINING_MAX_ATTEMPTS", "3"))
TEXTAPI_QUEUED_STALE_SECONDS = float(os.environ.get("TEXTAPI_QUEUED_STALE_SECONDS", "600"))
TEXTAPI_REAPER_INTERVAL = float(os.environ.get("TEXTAPI_REAPER_INTERVAL", "60"))
# With the optional 'embeddings' extra installed, English CLASS, CLASSLABEL and ABSA
# models read each text's sentence vector too (trainer/learning/encoder.py); 0 trains
# without it.
TEXTAPI_SENTENCE_ENCODER = env_bool("TEXTAPI_SENTENCE_ENCODER", True)
# The largest labeled-data file the dashboard passes on to the training API.
TRAINER_MAX_UPLOAD_BYTES = int(os.environ.get("TRAINER_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Where a refused upload's file is kept for the person to send again (dashboard/uploads.py).
TRAINER_STAGING_DIR = VAR_DIR / "staging"
# Largest document the dashboard sends to the capture service.
TRAINER_MAX_DOCUMENT_BYTES = int(
    os.environ.get("TRAINER_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The capture API the dashboard speaks to (Basic auth per application); by
# default the embedded one, with credentials generated into var/ (`manage.py
# demo` registers them).
CAPTURE_API_URL = os.environ.get("CAPTURE_API_URL", f"http://127.0.0.1:{PORT}/api/capture/")
CAPTURE_API_APP_ID = os.environ.get("CAPTURE_API_APP_ID") or generated_secret("capture_app_id")
CAPTURE_API_TOKEN = os.environ.get("CAPTURE_API_TOKEN") or generated_secret("capture_token")
# Where the invoices come from (the vendor's task property region: US, EU, AU or CA).
CAPTURE_API_REGION = os.environ.get("CAPTURE_API_REGION", "EU")
# When a person verifies a capture (the task property verification_type):
# Troubleshooting (when a required field is missing or uncertain), UserVerification
# (always) or NoVerification (never).
CAPTURE_API_VERIFICATION_TYPE = os.environ.get("CAPTURE_API_VERIFICATION_TYPE", "Troubleshooting")
# The vendor's web host, where its verification page is (/verification/{id}); the
# dashboard links there unless the capture service announces its "verification"
# extension (the embedded one does), which the dashboard's own page then uses.
CAPTURE_WEB_URL = os.environ.get("CAPTURE_WEB_URL", "https://cloud-eu.flexicapture.com")
# The embedded capture service: upload limit, page resolution, pages read per
# file, days a file is kept, and the Tesseract program that reads images.
CAPTUREAPI_MAX_UPLOAD_BYTES = int(
    os.environ.get("CAPTUREAPI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))
)
CAPTUREAPI_DPI = int(os.environ.get("CAPTUREAPI_DPI", "150"))
CAPTUREAPI_MAX_PAGES = int(os.environ.get("CAPTUREAPI_MAX_PAGES", "50"))
CAPTUREAPI_FILE_RETENTION_DAYS = int(os.environ.get("CAPTUREAPI_FILE_RETENTION_DAYS", "30"))
# The reaper (every TEXTAPI_REAPER_INTERVAL seconds, like the text service's) fails a
# capture task InProgress with no document done for CAPTUREAPI_TASK_STALE_SECONDS and
# queues again one Submitted for longer than CAPTUREAPI_NEW_STALE_SECONDS.
CAPTUREAPI_TASK_STALE_SECONDS = float(os.environ.get("CAPTUREAPI_TASK_STALE_SECONDS", "600"))
CAPTUREAPI_NEW_STALE_SECONDS = float(os.environ.get("CAPTUREAPI_NEW_STALE_SECONDS", "600"))
CAPTUREAPI_TESSERACT_CMD = os.environ.get("CAPTUREAPI_TESSERACT_CMD", "tesseract")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"one_line_refusals": {"()": "trainer.ops.logs.OneLineRefusals"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["one_line_refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
