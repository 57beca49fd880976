"""Celery application for the back office.

Settings come from Django (``CELERY_*`` names in config/settings). The nightly
and business schedules live in ``CELERY_BEAT_SCHEDULE``; the housekeeping jobs
below are registered here because they belong to the platform, not to an app.
"""
import os
from datetime import timedelta

from celery import Celery, signature
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def register_housekeeping(sender, **kwargs):
    # Owner: imports (Léa). Uploads abandoned half-way keep their temp files; sweep every hour.
    sender.add_periodic_task(  # expect: TA803
        crontab(minute=15),
        signature("apps.imports.tasks.cleanup_stale_uploads"),
        name="imports-cleanup-stale-uploads",
    )
    # Owner: data quality (Karim). Resolved issues older than 30 days are dropped from the dashboard.
    sender.add_periodic_task(  # expect: TA807
        timedelta(hours=6),
        signature("apps.dataquality.tasks.expire_resolved_issues"),
    )
