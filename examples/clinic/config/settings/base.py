"""Settings shared by every environment of the clinic back office."""
import os
from pathlib import Path

import sentry_sdk
from celery.schedules import crontab
from kombu import Queue
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.redis import RedisIntegration

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-a-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_results",
    "apps.sync",
    "apps.imports",
    "apps.dataquality",
    "apps.pennylane_sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRES_DB", "clinic"),
        "USER": os.environ.get("POSTGRES_USER", "clinic"),
        "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": os.environ.get("POSTGRES_HOST", "localhost"),
        "PORT": os.environ.get("POSTGRES_PORT", "5432"),
        "CONN_MAX_AGE": 60,
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://localhost:6379/1"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_FROM_EMAIL = "back-office@clinic.example"
DATA_QUALITY_RECIPIENTS = ["ops-managers@clinic.example"]
IMPORT_UPLOAD_TTL_HOURS = 48

# Integrations
DOCTOLIB_API_URL = os.environ.get("DOCTOLIB_API_URL", "https://partners.doctolib.example/api/v2")
DOCTOLIB_WEBHOOK_SECRET = os.environ.get("DOCTOLIB_WEBHOOK_SECRET", "")
PENNYLANE_API_URL = os.environ.get("PENNYLANE_API_URL", "https://app.pennylane.com/api/external/v2")
PENNYLANE_API_TOKEN = os.environ.get("PENNYLANE_API_TOKEN", "")
INPI_API_URL = os.environ.get("INPI_API_URL", "https://registre-national-entreprises.inpi.fr/api")
INPI_USERNAME = os.environ.get("INPI_USERNAME", "")
INPI_PASSWORD = os.environ.get("INPI_PASSWORD", "")
INSURER_DIRECTORY_URL = os.environ.get("INSURER_DIRECTORY_URL", "")
REPORTS_BUCKET = os.environ.get("REPORTS_BUCKET", "clinic-quality-reports")

# Celery
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
CELERY_RESULT_BACKEND = "django-db"  # expect: TA702
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Late ack is opted into per task, only where a redelivery is harmless.
CELERY_TASK_ACKS_LATE = False
# Hard ceiling for any task that does not set its own limit.
CELERY_TIME_LIMIT = 30 * 60  # expect: TA1101

CELERY_TASK_DEFAULT_QUEUE = "light"
CELERY_TASK_QUEUES = (
    Queue("light", routing_key="light"),
    Queue("heavy", routing_key="heavy"),
    Queue("reports", routing_key="reports"),
)
CELERY_TASK_ROUTES = {
    # File imports can run for twenty minutes on the big practices.
    "apps.imports.tasks.*": {"queue": "heavy"},
    "apps.pennylane_sync.tasks.sync_pennylane_ledger": {"queue": "heavy"},
    "apps.dataquality.tasks.build_monthly_quality_report": {"queue": "reports"},
    "apps.sync.tasks.sync_doctolib_agenda": {"queue": "heavy"},  # expect: TA604
}

CELERY_BEAT_SCHEDULE = {
    # Owner: sync team (Marion). Mirror every Doctolib agenda before the practices open.
    "doctolib-sync-all-practices": {
        "task": "apps.sync.tasks.sync_all_practices",
        "schedule": crontab(hour=3, minute=0),
    },
    # Owner: sync team (Marion). Doctolib partner tokens live one hour.
    "doctolib-refresh-tokens": {
        "task": "apps.sync.tasks.refresh_doctolib_tokens",
        "schedule": 45 * 60,
    },
    # Owner: data quality (Karim). Runs after the Doctolib sync so checks see fresh data.
    "dataquality-nightly-checks": {
        "task": "apps.dataquality.tasks.run_nightly_checks",
        "schedule": crontab(minute=30, hour=4),
    },
    # Owner: data quality (Karim). Digest for the ops managers, read at the 08:00 stand-up.
    "dataquality-morning-digest": {  # expect: TA806
        "task": "apps.dataquality.tasks.send_quality_digest",
        "schedule": crontab(hour=7),
    },
    # Owner: data quality (Karim). Monthly PDF for the medical directors.
    "dataquality-monthly-report": {
        "task": "apps.dataquality.tasks.build_monthly_quality_report",
        "schedule": crontab(minute=0, hour=6, day_of_month="1"),
    },
    # Owner: finance (Sophie). Payments land in Pennylane during the day; match them often.
    "pennylane-reconcile-payments": {
        "task": "apps.pennylane_sync.tasks.reconcile_pennylane_payments",
        "schedule": crontab(minute="*/30"),
    },
    # Owner: finance (Sophie). Supplier list for the expense imports.
    "pennylane-pull-suppliers": {
        "task": "apps.pennylane_sync.tasks.pull_pennylane_suppliers",
        "schedule": crontab(minute=30, hour=2),
    },
    "pennylane-refresh-categories": {  # expect: TA802
        "task": "apps.pennylane_sync.tasks.refresh_pennylane_categories",
        "schedule": crontab(minute=0, hour=2, day_of_week="sunday"),
    },
    # Owner: finance (Sophie). FEC export for the accountants, every night.
    "pennylane-nightly-export": {  # expect: TA801
        "task": "apps.pennylane_sync.tasks.export_ledger_to_fec",
        "schedule": crontab(minute=0, hour=1),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}

sentry_sdk.init(  # expect: TA404
    dsn=os.environ.get("SENTRY_DSN", ""),
    environment=os.environ.get("SENTRY_ENVIRONMENT", "local"),
    integrations=[DjangoIntegration(), RedisIntegration()],
    # Only what we list: the logging integration turned every warning into a breadcrumb storm.
    default_integrations=False,
    send_default_pii=False,
    traces_sample_rate=0.05,
)
