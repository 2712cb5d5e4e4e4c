"""Settings read from the environment; every variable is listed in .env.example."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from aftersales.storage import storages_setting

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Development key only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-aftersales")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "aftersales",
    "aftersales.policy",
    "aftersales.notifications",
    "aftersales.documents",
    "aftersales.reports",
    "customers",
    "repairs",
    "tradein",
    "tickets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session or the database: a NUL byte is a 400 for every view.
    "aftersales.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware: marks the session for saving once a minute (idle timeout).
    "aftersales.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aftersales.middleware.UserLanguageMiddleware",
    "aftersales.middleware.StoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aftersales.urls"
WSGI_APPLICATION = "aftersales.wsgi.application"

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
                "aftersales.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# The reports' covering indexes (INCLUDE columns) are a PostgreSQL feature; SQLite, the embedded
# default, builds them as plain indexes, which is all a one-machine desk needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "aftersales.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's PBKDF2 at full strength, checks queued per process so a shift change's logins do not
# take every core from the pages (aftersales/hashers.py). Django's other hashers still verify.
PASSWORD_HASHERS = [
    "aftersales.hashers.QueuedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The counter browser is shared: the session ends when it closes, and after idle time.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
# The idle timeout is kept by aftersales.middleware.SessionIdleMiddleware: the session row is
# written again at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60

# Brute-force lockout: a username tried from one address (a shared store IP must not lock
# out every colleague because one of them mistypes).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind proxies the connecting address is the proxy's: anyone could lock any username chain-wide.
# TRUSTED_PROXY_COUNT is how many proxies of ours append to X-Forwarded-For (the README's load
# balancer + nginx: 2). The client is then that many places from the right end of the header;
# what a client writes into the header itself sits further left and is never believed.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_ORDER = "left-most"
    # python-ipware counts the proxies after the first one (whose address is the client's entry).
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    IPWARE_STRICT = False  # a longer header (client-written entries) is expected, not an error
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Photos, signatures, stored PDFs: files under MEDIA_ROOT, or S3-compatible object storage
# (Aliyun OSS, MinIO) for several web servers: s3://KEY:SECRET@host/bucket[/prefix]?region=...
STORAGE_URL = env("STORAGE_URL", default="")
# Static files without a manifest here: a fresh checkout (manage.py runserver, the tests) serves
# {% static %} without collectstatic. production.py adds hashed names, which need collectstatic.
STORAGES = {
    **storages_setting(STORAGE_URL),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Form widgets (inputs, selects and their options) drawn by Jinja2 from Django's own widget
# templates: the same HTML at a third of the cost; the intake form has some seventy widgets.
FORM_RENDERER = "django.forms.renderers.Jinja2"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CSRF_FAILURE_VIEW = "aftersales.views.csrf_failure"

# Content-Security-Policy (django-csp) on every response: scripts and stylesheets from our own
# static files only, no inline script, nothing from another site. Style attributes stay allowed
# (style-src-attr): they cannot run code or load anything.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],          # the print button loads our own PDF in a hidden frame
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions stay in the database, read through Redis: every request reads its session, and a
    # Redis GET costs a fraction of a query. (Without Redis the cache is per process: the database alone.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Without Redis, kombu's filesystem transport: no extra service and no extra package,
# messages survive a restart on disk, and worker and beat on one machine share the folder.
BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # kombu keeps its exchange tables here; its default is ./control in whatever directory
        # the process started in.
        "control_folder": str(BROKER_DIR / "control"),
        # kombu looks into the folder once a second by default: a receipt drawn ahead of the
        # print click would start up to a second late. A look is a directory listing.
        "polling_interval": 0.1,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# A task is acknowledged after it ran, so a killed worker's task is delivered again;
# every task is written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Exactly one beat sends these ticks; each runs a sweep over what the database says is due
# (never a task scheduled days ahead). "expires": a tick that waited longer than its period
# while no worker ran is dropped; the next one does the same work.
NOTIFY_SWEEP_SECONDS = env.int("NOTIFY_SWEEP_SECONDS", default=300)  # how often the outbox sweeps run
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-release-waiting": {
        "task": "notifications.run_sweep",
        "schedule": NOTIFY_SWEEP_SECONDS,
        "args": ["notifications.release_waiting"],
        "options": {"expires": NOTIFY_SWEEP_SECONDS},
    },
    "notifications-retry-failed": {
        "task": "notifications.run_sweep",
        "schedule": NOTIFY_SWEEP_SECONDS,
        "args": ["notifications.retry_failed"],
        "options": {"expires": NOTIFY_SWEEP_SECONDS},
    },
}
# The pickup ladder and follow-up sweeps: idempotent, so the daily ones may tick every hour too.
LADDER_SWEEP_SECONDS = env.int("LADDER_SWEEP_SECONDS", default=300)  # reminders and expiry
FOLLOWUP_SWEEP_SECONDS = env.int("FOLLOWUP_SWEEP_SECONDS", default=3600)  # birthdays, cleaning, escalation
TRADEIN_SWEEP_SECONDS = env.int("TRADEIN_SWEEP_SECONDS", default=60)  # trade-in quotes whose price lock ended
for _name, _every in (
    ("repairs.pickup_reminders", LADDER_SWEEP_SECONDS),
    ("repairs.pickup_expiry", LADDER_SWEEP_SECONDS),
    ("customers.birthday_followups", FOLLOWUP_SWEEP_SECONDS),
    ("customers.cleaning_invitations", FOLLOWUP_SWEEP_SECONDS),
    ("repairs.cleaning_invitations", FOLLOWUP_SWEEP_SECONDS),
    ("customers.escalate_overdue_followups", FOLLOWUP_SWEEP_SECONDS),
    ("tradein.price_lock_expiry", TRADEIN_SWEEP_SECONDS),
):
    CELERY_BEAT_SCHEDULE[_name.replace(".", "-").replace("_", "-")] = {
        "task": "notifications.run_sweep", "schedule": _every, "args": [_name], "options": {"expires": _every},
    }
# Case escalation (tickets/tasks.py): reminder before the 24 hours end, store managers, chain managers.
CASE_SWEEP_SECONDS = env.int("CASE_SWEEP_SECONDS", default=300)
for _name in ("tickets.ack_reminders", "tickets.ack_overdue", "tickets.resolution_overdue"):
    CELERY_BEAT_SCHEDULE[_name.replace(".", "-").replace("_", "-")] = {
        "task": "notifications.run_sweep", "schedule": CASE_SWEEP_SECONDS, "args": [_name], "options": {"expires": CASE_SWEEP_SECONDS},
    }
# The monthly report is built and e-mailed to the managers on the 1st from this hour (store time).
MONTHLY_REPORT_HOUR = env.int("MONTHLY_REPORT_HOUR", default=8)
CELERY_BEAT_SCHEDULE["reports-monthly"] = {
    "task": "notifications.run_sweep", "schedule": 30 * 60, "args": ["reports.monthly"], "options": {"expires": 30 * 60},
}
# The roll-up behind "what the policy costs" (repairs report): new repair jobs folded in every 10 minutes.
CELERY_BEAT_SCHEDULE["repairs-policy-cost-rollup"] = {
    "task": "repairs.refresh_rollup", "schedule": 10 * 60, "args": ["policy_cost"], "options": {"expires": 10 * 60},
}
# Files no row refers to, older than a day (aftersales/files.py): beat ticks every hour, the task
# runs the sweep once a day.
CELERY_BEAT_SCHEDULE["aftersales-remove-orphan-files"] = {
    "task": "aftersales.remove_orphan_files", "schedule": 3600, "options": {"expires": 3600},
}
# Pickup reminders go out at this hour (store time) on their day; quiet hours still apply.
PICKUP_REMINDER_HOUR = env.int("PICKUP_REMINDER_HOUR", default=10)
# Rows a sweep locks and handles per transaction.
SWEEP_BATCH_SIZE = env.int("SWEEP_BATCH_SIZE", default=500)

# Notifications to customers.
# No messages between these store-local times ("" = none); they wait and go out in the morning.
QUIET_HOURS = env("QUIET_HOURS", default="21:00-09:00")
# SMS gateway: console (log only), http (JSON POST to SMS_HTTP_URL), db (store a row, for training
# stores and tests) or the dotted path of a gateway class.
SMS_GATEWAY = env("SMS_GATEWAY", default="console")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")  # the provider's endpoint, for SMS_GATEWAY=http
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")  # sent as "Authorization: Bearer <token>"
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)  # seconds before a send counts as failed
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=5)  # sends tried before a message is given up
NOTIFY_RETRY_MINUTES = env.int("NOTIFY_RETRY_MINUTES", default=10)  # first retry delay; doubles each time

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="aftersales@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

APP_NAME = _("After-sales desk")

# Where customers' phones reach the site: the status QR code on receipts links here.
# Empty: the receipt's QR code uses the address the request came in on (production requires it).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="")
# Cut-down Chinese fonts for the PDFs, built once per machine (aftersales/documents/fonts.py).
DOCUMENTS_FONT_DIR = Path(env("DOCUMENTS_FONT_DIR", default=str(VAR_DIR / "fonts")))

# --- Counter rules a chain sets once ---
# Weigh-out: a difference above this many grams (plus any metal added) needs a manager's approval.
REPAIRS_WEIGHT_TOLERANCE_G = env("REPAIRS_WEIGHT_TOLERANCE_G", default="0.05")
# Weekdays the workshop is closed (0 = Monday … 6 = Sunday), skipped when promising a date.
REPAIRS_CLOSED_WEEKDAYS = tuple(env.list("REPAIRS_CLOSED_WEEKDAYS", cast=int, default=[]))
# Largest photo accepted at intake, in megabytes.
REPAIRS_PHOTO_MAX_BYTES = env.int("REPAIRS_PHOTO_MAX_MB", default=8) * 1024 * 1024
# Largest till CSV file accepted for a purchase import, in megabytes.
CUSTOMERS_IMPORT_MAX_BYTES = env.int("CUSTOMERS_IMPORT_MAX_MB", default=20) * 1024 * 1024
# Unreachable follow-up calls are retried this many times, this many days apart.
CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS = env.int("CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS", default=3)
CUSTOMERS_FOLLOWUP_RETRY_DAYS = env.int("CUSTOMERS_FOLLOWUP_RETRY_DAYS", default=1)
