"""Doctolib synchronisation tasks.

The 03:00 fan-out (``sync_all_practices``) queues one ``sync_doctolib_practice``
per active practice; the webhook view queues targeted resyncs during the day.
"""
import logging

import requests
from celery import Task, shared_task
from django.core.cache import cache

from config.celery import app

from . import services
from .doctolib import DoctolibUnavailable
from .models import Appointment, Practice

logger = logging.getLogger(__name__)

SYNC_LOCK_SECONDS = 15 * 60
SLOTS_CACHE_SECONDS = 15 * 60


class DoctolibTask(Task):
    """Retry policy and limits shared by every task that talks to Doctolib."""

    autoretry_for = (DoctolibUnavailable, requests.ConnectionError, requests.Timeout)
    retry_backoff = 30
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5
    soft_time_limit = 300
    time_limit = 360


@shared_task(bind=True, base=DoctolibTask, name="apps.sync.tasks.sync_doctolib_practice")
def sync_doctolib_practice(self, practice_id):
    """Mirror one practice's Doctolib agenda (last 7 days, next 60 days)."""
    lock_key = f"doctolib-sync:{practice_id}"
    if not cache.add(lock_key, self.request.id, timeout=SYNC_LOCK_SECONDS):
        logger.info("Doctolib sync already running for practice %s", practice_id)
        return None
    try:
        result = services.sync_practice(practice_id)
    except services.PracticeArchived:  # taskaudit: ignore[TA401] -- archived after the 03:00 fan-out; nothing left to sync
        return None
    finally:
        cache.delete(lock_key)
    logger.info("Doctolib sync for practice %s: %s", practice_id, result.as_dict())
    if result.created or result.updated:
        notify_practice_webhook.delay(practice_id, "agenda.synced", result.as_dict())
    return result.as_dict()


@shared_task(
    name="apps.sync.tasks.sync_all_practices",
    max_retries=0,
    soft_time_limit=60,
    ignore_result=True,
)
def sync_all_practices():
    """Nightly fan-out: one sync task per active practice with a Doctolib account."""
    practice_ids = list(
        Practice.objects.filter(is_active=True, doctolib_id__isnull=False).values_list("pk", flat=True)
    )
    for practice_id in practice_ids:
        sync_doctolib_practice.delay(practice_id)
    logger.info("Queued the Doctolib sync of %d practices", len(practice_ids))


@app.task(
    name="apps.sync.tasks.refresh_doctolib_tokens",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    ignore_result=True,
)
def refresh_doctolib_tokens():  # expect: TA201, TA304
    """Refresh the partner tokens that expire within the next twenty minutes."""
    refreshed = 0
    for practice_id in Practice.objects.filter(is_active=True).values_list("pk", flat=True):
        if services.refresh_token(practice_id):
            refreshed += 1
    logger.info("Refreshed %d Doctolib tokens", refreshed)


@shared_task(bind=True, base=DoctolibTask, name="apps.sync.tasks.sync_practice_profile", ignore_result=True)
def sync_practice_profile(self, practice_id):
    """Practice name and practitioner list, as shown on Doctolib."""
    services.update_practice_profile(practice_id)


@shared_task(
    bind=True,
    name="apps.sync.tasks.refresh_availability_cache",
    max_retries=5,
    soft_time_limit=45,
    ignore_result=True,
)
def refresh_availability_cache(self, practice_id):
    """Cache the next open slots for the phone team's dashboard."""
    try:
        slots = services.fetch_open_slots(practice_id)
    except DoctolibUnavailable as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 900))
    cache.set(f"doctolib-slots:{practice_id}", slots, timeout=SLOTS_CACHE_SECONDS)


@shared_task(
    name="apps.sync.tasks.sync_doctolib_cancellations",
    max_retries=3,
    soft_time_limit=120,
)
def sync_doctolib_cancellations(self, practice_id):  # expect: TA305
    """Apply the cancellations Doctolib reported since the last sync."""
    try:
        cancellations = services.fetch_cancellations(practice_id)
    except DoctolibUnavailable as exc:
        raise self.retry(exc=exc, countdown=120)
    applied = 0
    for doctolib_id, cancelled_at in cancellations:
        try:
            appointment = Appointment.objects.get(practice_id=practice_id, doctolib_id=doctolib_id)
            appointment.mark_cancelled(cancelled_at)
            applied += 1
        except Exception:  # expect: TA401
            pass
    return applied


@shared_task(
    name="apps.sync.tasks.notify_practice_webhook",
    autoretry_for=(requests.ConnectionError, requests.Timeout),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=30,
    ignore_result=True,
)
def notify_practice_webhook(practice_id, event, payload):  # expect: TA501
    """Tell a practice's own software that something changed on our side."""
    practice = Practice.objects.only("webhook_url").get(pk=practice_id)
    if not practice.webhook_url:
        return
    response = requests.post(
        practice.webhook_url,
        json={"event": event, "practice": practice_id, "data": payload},
        timeout=10,
    )
    response.raise_for_status()
