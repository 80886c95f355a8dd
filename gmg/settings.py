"""Settings, read from the environment through one ``environ.Env()``.

With nothing set, the site runs on a laptop: SQLite, Celery on a filesystem
broker in ``var/``, mail to the outbox and the console. With
``DJANGO_DEBUG=false`` it is production and refuses to start without a
secret key and a PostgreSQL database.
"""

import base64
import hashlib
import math
from datetime import timedelta
from pathlib import Path

import bootstrap
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Laptop defaults only where nothing points elsewhere: with a DATABASE_URL
# given, DEBUG must be asked for explicitly.
DEBUG = env.bool("DJANGO_DEBUG", default=not env.str("DATABASE_URL", default=""))
PRODUCTION = not DEBUG

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without it.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_URL = env.str("GMG_SITE_URL", default="").rstrip("/")
GMG_GROUP_NAME = env.str("GMG_GROUP_NAME", default="Global Migration Group")
GMG_GROUP_ACRONYM = env.str("GMG_GROUP_ACRONYM", default="GMG")
# How the site names itself ("GMG Secretariat") and what document references start with
# (GMG/PM/2027/1, GMG/DEC/2027/3): core.group.
GMG_SECRETARIAT_NAME = env.str("GMG_SECRETARIAT_NAME", default=f"{GMG_GROUP_ACRONYM} Secretariat")
GMG_REFERENCE_PREFIX = env.str("GMG_REFERENCE_PREFIX", default=GMG_GROUP_ACRONYM)
# The OParl API publishes people's names, roles and agencies only when the group says so.
GMG_OPARL_PEOPLE = env.bool("GMG_OPARL_PEOPLE", default=False)
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured("Set GMG_SITE_URL: the address used in links in e-mails.")
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The floors, ground first.
    "core",
    "core.documents",
    "notices",
    "members",
    "meetings",
    "agenda",
    "minutes",
    "oparl",
    "decisions",
    "reports",
    "access",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor (django-otp): request.user.is_verified().
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a signed-in user unless marked otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "members.middleware.PersonPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response.
    "csp.middleware.CSPMiddleware",
    "gmg.headers.PermissionsPolicyMiddleware",
    # A 20-digit id or a year 99999 in a URL is a 404, never a server error.
    "gmg.bounds.BoundedURLParametersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Idle sessions end; each session's last use is kept for the person's list.
    "access.middleware.SessionActivityMiddleware",
    # Sends a person who still owes the second factor to enter or set it up.
    "access.middleware.TwoFactorMiddleware",
    # Failed sign-ins counted and locked (django-axes); last, as it asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gmg.urls"
WSGI_APPLICATION = "gmg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gmg.context_processors.navigation",
            ],
            # References and codes kept left to right inside Arabic: {{ ref|ltr }}.
            # Titles the application wrote, in the reader's language: {{ item|item_title }}.
            "builtins": [
                "core.templatetags.bidi",
                "core.templatetags.group",
                "core.templatetags.languages",
                "core.templatetags.links",
                "agenda.templatetags.agenda_text",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gmg.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if PRODUCTION:
        raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")
    # The web process, the worker and beat share the file: WAL lets readers
    # go on while one writes, and IMMEDIATE transactions wait for the lock
    # instead of failing with "database is locked".
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production: opening one per request cost more than
# most pages (the bare view served 3.5x more with them). The health check
# drops a connection the server closed before a request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DJANGO_CONN_MAX_AGE", default=600 if PRODUCTION else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
    "DJANGO_CONN_HEALTH_CHECKS", default=PRODUCTION
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    planner = []
    if not env.bool("GMG_DATABASE_JIT", default=False):
        # No JIT compilation of queries: it pays for itself on long analytical queries, not
        # on a page's. The planner's estimate of the chair's-office query (a subquery per
        # meeting of two years) passed the threshold and PostgreSQL spent 330 ms of its 380
        # compiling.
        planner.append("-c jit=off")
    # What the planner takes a page read out of order to cost against one in order. The
    # server's default (4) is for spinning disks; with the group's data in memory or on SSD
    # it made the planner read and hash every person and meeting to join a page's twenty
    # rows to them (at ten years the queue's query took 2.4 ms instead of 0.4 ms). Empty
    # leaves the server's setting.
    if page_cost := env.str("GMG_DATABASE_RANDOM_PAGE_COST", default="1.1"):
        try:
            cost = float(page_cost)
        except ValueError:
            cost = None
        if cost is None or not (math.isfinite(cost) and cost >= 0):  # what PostgreSQL takes
            raise ImproperlyConfigured(
                "GMG_DATABASE_RANDOM_PAGE_COST must be a finite number of 0 or more, "
                f"not {page_cost!r}"
            )
        planner.append(f"-c random_page_cost={cost}")
    if planner:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(planner)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and sign-in ----------------------------------------------------
AUTH_USER_MODEL = "members.Person"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "members.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Throttling (django-axes) and sessions ---
# A lock after this many failed sign-ins for one account (from any address)...
AXES_FAILURE_LIMIT = env.int("GMG_SIGNIN_FAILURES", default=5)
# ... or from one address (for any account): an office shares one address.
GMG_SIGNIN_ADDRESS_FAILURES = env.int("GMG_SIGNIN_ADDRESS_FAILURES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("GMG_SIGNIN_LOCK_MINUTES", default=15))
# Before the lock, a growing delay: after this many failures for an account or an
# address, the next password is taken only 1, 2, 4... seconds (at most the maximum)
# after the last failure; a try before then is refused at once ("try again in N seconds").
GMG_SIGNIN_DELAY_AFTER = env.int("GMG_SIGNIN_DELAY_AFTER", default=2)
GMG_SIGNIN_DELAY_MAX = env.int("GMG_SIGNIN_DELAY_MAX_SECONDS", default=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "access.throttle.AccountAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "access.throttle.locked_out"
AXES_USERNAME_CALLABLE = "access.throttle.username_of"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Behind a proxy (production), the client is the left-most forwarded address.
AXES_IPWARE_PROXY_COUNT = env.int("GMG_PROXY_COUNT", default=1 if PRODUCTION else 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Password-reset e-mails per person, and requests per address, in an hour.
GMG_RESET_PER_PERSON_HOUR = env.int("GMG_RESET_PER_PERSON_HOUR", default=3)
GMG_RESET_PER_ADDRESS_HOUR = env.int("GMG_RESET_PER_ADDRESS_HOUR", default=20)
# Two factors: required of the secretariat and of the chair's agency; this requires
# them of everyone. GMG_TWO_FACTOR_ENFORCED=false switches the requirement off
# (the tests do, except their own).
GMG_TWO_FACTOR_FOR_ALL = env.bool("GMG_TWO_FACTOR_FOR_ALL", default=False)
GMG_TWO_FACTOR_ENFORCED = env.bool("GMG_TWO_FACTOR_ENFORCED", default=True)
OTP_TOTP_ISSUER = GMG_SECRETARIAT_NAME
# The agencies' client secrets are kept encrypted with these keys (Fernet, comma
# separated: the first encrypts, each decrypts; see access/sealing.py). Without
# them, a laptop and the tests use a key derived from SECRET_KEY; production keeps
# no secret until they are set (the set-up form says so).
GMG_OIDC_SECRET_KEYS = env.list("GMG_OIDC_SECRET_KEYS", default=[])
if not GMG_OIDC_SECRET_KEYS and not PRODUCTION:
    GMG_OIDC_SECRET_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"gmg-oidc-secrets:{SECRET_KEY}".encode()).digest()
        ).decode()
    ]
# Retention: a guest account unused this long is deleted; outbox texts this old removed.
GMG_GUEST_RETENTION_DAYS = env.int("GMG_GUEST_RETENTION_DAYS", default=365)
GMG_OUTBOX_BODY_DAYS = env.int("GMG_OUTBOX_BODY_DAYS", default=365)
# A session ends after this many minutes without a request.
GMG_IDLE_MINUTES = env.int("GMG_IDLE_MINUTES", default=120)

# Invitation and password-reset links expire after this many days.
PASSWORD_RESET_TIMEOUT = env.int("GMG_LINK_DAYS", default=3) * 24 * 3600

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
# The six official languages of the United Nations, in their English alphabetical
# order. Arabic is written right to left (base.html sets dir="rtl" and loads
# Bootstrap's RTL stylesheet); Chinese is the simplified script.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
# Numbers with the CLDR's separators where Django's differ (Arabic, Chinese, French,
# Spanish); grouped only where a count is shown (|number), never globally: see core.i18n.
FORMAT_MODULE_PATH = ["gmg.formats"]
USE_TZ = True

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Bootstrap comes from a pinned package, never from a CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", next(iter(bootstrap.__path__)))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are only read by a browser's developer tools: compressing them
# (Brotli, at every collectstatic) cost more time than everything else together.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_ROOT = env.path("GMG_MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mail -----------------------------------------------------------------
# Every e-mail goes through the outbox (notices app); this is how it leaves.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
# SMTP through the outbox's own backend: it tells a failure before the message
# data went over (retried) from one after it (uncertain, never re-sent by itself).
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    EMAIL_CONFIG["EMAIL_BACKEND"] = "notices.mail.SMTPBackend"
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="GMG Secretariat <secretariat@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A notice still "sending" after this long is marked uncertain, never re-sent by itself.
NOTICE_UNCERTAIN_AFTER_SECONDS = env.int("GMG_NOTICE_UNCERTAIN_AFTER", default=600)
# Sooner, after this long, when the worker process that claimed it is gone.
NOTICE_CLAIM_GRACE_SECONDS = env.int("GMG_NOTICE_CLAIM_GRACE", default=15)
# A queued notice whose task was lost is queued again after this long.
NOTICE_REQUEUE_AFTER_SECONDS = env.int("GMG_NOTICE_REQUEUE_AFTER", default=120)
# A second identical invitation or password reset asked within this many seconds
# (a double click) sends nothing more.
# The time zones offered first in every menu (the group's usual places), then all others.
GMG_COMMON_TIME_ZONES = env.list(
    "GMG_COMMON_TIME_ZONES",
    default=[
        "Europe/Zurich",
        "America/New_York",
        "Europe/Paris",
        "Europe/Rome",
        "Europe/Vienna",
        "Africa/Nairobi",
        "Africa/Addis_Ababa",
        "Asia/Bangkok",
        "America/Santiago",
        "Asia/Beirut",
        "UTC",
    ],
)
GMG_REPEAT_REQUEST_SECONDS = env.int("GMG_REPEAT_REQUEST_SECONDS", default=60)
NOTICE_MAX_ATTEMPTS = env.int("GMG_NOTICE_MAX_ATTEMPTS", default=6)
# After a transient refusal the next attempt waits this long, doubling each time (max 1 h).
NOTICE_BACKOFF_SECONDS = env.int("GMG_NOTICE_BACKOFF_SECONDS", default=30)

# --- Meetings -------------------------------------------------------------
# A chair term's length in months (the GMG used six).
GMG_TERM_MONTHS = env.int("GMG_TERM_MONTHS", default=6)
# "Extend the rotation" reaches at most this many years ahead.
GMG_ROTATION_MAX_YEARS = env.int("GMG_ROTATION_MAX_YEARS", default=25)
# Defaults for a new meeting: days before it that proposals and registrations close.
GMG_PROPOSAL_DAYS = env.int("GMG_PROPOSAL_DAYS", default=21)
GMG_REGISTRATION_DAYS = env.int("GMG_REGISTRATION_DAYS", default=7)
# The call for topics goes out this many days before a meeting's proposal deadline.
GMG_CALL_FOR_TOPICS_DAYS = env.int("GMG_CALL_FOR_TOPICS_DAYS", default=28)
# Meeting documents: largest file accepted, in megabytes.
GMG_DOCUMENT_MAX_MB = env.int("GMG_DOCUMENT_MAX_MB", default=20)
# The directory import (members.imports): largest CSV or .xlsx file accepted, in megabytes.
GMG_IMPORT_MAX_MB = env.int("GMG_IMPORT_MAX_MB", default=5)
# An import file previewed but never confirmed is deleted after this many days (access.retention).
GMG_IMPORT_KEEP_DAYS = env.int("GMG_IMPORT_KEEP_DAYS", default=7)
# Rendered documents (core.documents): the official languages the secretariat switches
# on for the group's documents (each agenda version and minutes PDF is made in each, one
# file a language under the same reference; the first is the group's own, that OParl
# and the Akoma Ntoso files link), the render's time limits (seconds), and how many
# renders are begun for one request before it is given up (a render that kills its
# worker is not retried for ever).
GMG_DOCUMENT_LANGUAGES = list(
    dict.fromkeys(c.strip().lower() for c in env.list("GMG_DOCUMENT_LANGUAGES", default=["en"]))
)
if not GMG_DOCUMENT_LANGUAGES or not set(GMG_DOCUMENT_LANGUAGES) <= {c for c, _n in LANGUAGES}:
    raise ImproperlyConfigured(
        "GMG_DOCUMENT_LANGUAGES names languages of the site (LANGUAGES): "
        + ", ".join(code for code, _name in LANGUAGES)
    )
# The page cache (core.pagecache): main pages served again while the data is unchanged,
# per session, for at most GMG_PAGE_CACHE_SECONDS (also the slot of the clock in the key).
# In each process's memory: a deploy restarts the processes and so empties it.
GMG_PAGE_CACHE = env.bool("GMG_PAGE_CACHE", default=True)
GMG_PAGE_CACHE_SECONDS = env.int("GMG_PAGE_CACHE_SECONDS", default=300)
# The slot must divide a quarter of an hour, so that it divides every zone's midnight.
if GMG_PAGE_CACHE_SECONDS <= 0 or 900 % GMG_PAGE_CACHE_SECONDS:
    raise ImproperlyConfigured(
        "GMG_PAGE_CACHE_SECONDS must divide 900 (a quarter of an hour): 60, 180, 300, 900..."
    )
# A page larger than this is not kept, so that a process keeps at most
# GMG_PAGE_CACHE_ENTRIES x this many bytes of pages (128 MiB by default; main pages are
# 10-65 KB, at ten years too).
GMG_PAGE_CACHE_PAGE_BYTES = env.int("GMG_PAGE_CACHE_PAGE_BYTES", default=256 * 1024)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gmg-pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("GMG_PAGE_CACHE_ENTRIES", default=500)},
    },
}
# The static instances of the PDFs' variable fonts (core.documents.pdf.fonts_prepare).
GMG_FONT_CACHE = env.path("GMG_FONT_CACHE", default=VAR_DIR / "fonts")
GMG_DOCUMENT_RENDER_SOFT_LIMIT = env.int("GMG_DOCUMENT_RENDER_SOFT_LIMIT", default=120)
GMG_DOCUMENT_RENDER_HARD_LIMIT = env.int("GMG_DOCUMENT_RENDER_HARD_LIMIT", default=180)
GMG_DOCUMENT_RENDER_ATTEMPTS = env.int("GMG_DOCUMENT_RENDER_ATTEMPTS", default=3)

# --- Decisions ------------------------------------------------------------
# A silence procedure's deadline is at least this many hours after its circulation.
GMG_SILENCE_MIN_HOURS = env.int("GMG_SILENCE_MIN_HOURS", default=24)

# --- Celery ---------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Redis hands a message not acknowledged within this many seconds to another worker:
# far longer than any task may run (the hard time limits below), or a slow task would
# run twice.
GMG_TASK_VISIBILITY_TIMEOUT = env.int("GMG_TASK_VISIBILITY_TIMEOUT", default=3600)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": GMG_TASK_VISIBILITY_TIMEOUT}
else:
    if PRODUCTION:
        raise ImproperlyConfigured("Production needs REDIS_URL for the Celery broker.")
    # A broker that needs no server: messages are files under var/celery.
    _broker_dir = VAR_DIR / "celery" / "broker"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_broker_dir, VAR_DIR / "celery" / "processed", _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Broadcast (worker control) tables, kept out of the working tree.
        "control_folder": str(_control_dir),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Time limits for every task (seconds; enforced by the prefork pool of `make up` and
# production): past the soft one the task gets SoftTimeLimitExceeded and can record
# why it stopped, past the hard one its process is ended. Rendering has its own
# (GMG_DOCUMENT_RENDER_*).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("GMG_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("GMG_TASK_TIME_LIMIT", default=300)
# Late acks: a message is acknowledged when its task ends, so a worker stopped in the
# middle leaves it to the next one. A task that ended badly (an error, a time limit,
# its process killed) is acknowledged all the same and never handed out again by the
# broker: the sweeps (notices, documents) take up what is left, within their bounds.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < GMG_TASK_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "Task limits must grow: 0 < GMG_TASK_SOFT_TIME_LIMIT < GMG_TASK_TIME_LIMIT"
        " < GMG_TASK_VISIBILITY_TIMEOUT."
    )
if (
    not 0
    < GMG_DOCUMENT_RENDER_SOFT_LIMIT
    < GMG_DOCUMENT_RENDER_HARD_LIMIT
    < (GMG_TASK_VISIBILITY_TIMEOUT)
):
    raise ImproperlyConfigured(
        "Render limits must grow: 0 < GMG_DOCUMENT_RENDER_SOFT_LIMIT"
        " < GMG_DOCUMENT_RENDER_HARD_LIMIT < GMG_TASK_VISIBILITY_TIMEOUT."
    )
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notices-sweep": {"task": "notices.sweep", "schedule": 60.0},
    # Inactive guests' accounts and old outbox texts go (GMG_GUEST_RETENTION_DAYS, ...).
    "access-retention": {"task": "access.retention", "schedule": 24 * 3600.0},
    # Reminders go out in each recipient's morning: a sweep every quarter hour finds them.
    # One sweep runs every floor's reminders (core.reminders).
    "reminders": {"task": "notices.reminders", "schedule": 900.0},
    # Silence procedures end at their deadline: the closing sweep looks every minute.
    "decisions-close": {"task": "decisions.close_due", "schedule": 60.0},
    # Renders whose task was lost or whose worker died: handed over again, or given up.
    "documents-sweep": {"task": "documents.sweep", "schedule": 300.0},
}

# --- Security -------------------------------------------------------------
# Behind TLS in production; GMG_TLS=false switches the TLS-only settings off
# for a production-like run on plain http (make up).
TLS = env.bool("GMG_TLS", default=PRODUCTION)
SECURE_SSL_REDIRECT = TLS
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if TLS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions, read together with the page cache's newest change (core.sessions).
SESSION_ENGINE = "core.sessions"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# Content-Security-Policy: everything from this site, nothing inline (no inline
# script, style or event handler: the site's script is static/js/gmg.js), never
# framed, no plugins. Bootstrap's CSS draws some icons with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
        "worker-src": [NONE],
    },
}
# Browser features no page here uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(self), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=(), browsing-topics=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every PDF makes its variable fonts static: fontTools says so at INFO, step by step.
        "fontTools": {"level": "WARNING"},
    },
}
