"""Doctolib synchronisation: the business rules the sync tasks call."""
import logging
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .doctolib import DoctolibClient, DoctolibUnavailable
from .models import Appointment, DoctolibCredential, Practice, Practitioner

logger = logging.getLogger(__name__)

PAST_WINDOW = timedelta(days=7)
FUTURE_WINDOW = timedelta(days=60)


class PracticeArchived(Exception):
    """The practice left the network: its agenda is no longer mirrored."""


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0

    def as_dict(self):
        return {"created": self.created, "updated": self.updated}


def client_for(practice):
    credential = practice.doctolib_credential
    return DoctolibClient(credential.access_token)


def sync_practice(practice_id):
    """Upsert the appointments of one practice over the sync window.

    Keyed on Doctolib's appointment id, so running it twice gives the same rows.
    """
    practice = Practice.objects.select_related("doctolib_credential").get(pk=practice_id)
    if not practice.is_active:
        raise PracticeArchived(practice_id)
    client = client_for(practice)
    now = timezone.now()
    practitioners = {p.rpps: p for p in practice.practitioners.all()}
    result = SyncResult()
    for item in client.iter_appointments(practice.doctolib_id, now - PAST_WINDOW, now + FUTURE_WINDOW):
        _, created = Appointment.objects.update_or_create(
            doctolib_id=item["id"],
            defaults={
                "practice": practice,
                "practitioner": practitioners.get(item.get("practitioner_rpps")),
                "patient_ref": item["patient_id"],
                "starts_at": parse_datetime(item["start"]),
                "ends_at": parse_datetime(item["end"]),
                "status": item["status"],
            },
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    Practice.objects.filter(pk=practice_id).update(last_synced_at=now)
    return result


def fetch_cancellations(practice_id):
    practice = Practice.objects.select_related("doctolib_credential").get(pk=practice_id)
    since = practice.last_synced_at or timezone.now() - PAST_WINDOW
    items = client_for(practice).cancellations(practice.doctolib_id, since)
    return [(item["appointment_id"], parse_datetime(item["cancelled_at"])) for item in items]


def update_practice_profile(practice_id):
    practice = Practice.objects.select_related("doctolib_credential").get(pk=practice_id)
    profile = client_for(practice).profile(practice.doctolib_id)
    with transaction.atomic():
        Practice.objects.filter(pk=practice_id).update(name=profile["name"])
        for item in profile["practitioners"]:
            Practitioner.objects.update_or_create(
                rpps=item["rpps"],
                defaults={
                    "practice_id": practice_id,
                    "first_name": item["first_name"],
                    "last_name": item["last_name"],
                    "specialty": item.get("speciality", ""),
                },
            )


def fetch_open_slots(practice_id):
    practice = Practice.objects.select_related("doctolib_credential").get(pk=practice_id)
    return client_for(practice).open_slots(practice.doctolib_id)


@transaction.atomic
def refresh_token(practice_id):
    """Swap the refresh token for a new pair. Doctolib accepts a refresh token once."""
    credential = DoctolibCredential.objects.select_for_update().get(practice_id=practice_id)
    if credential.expires_at - timezone.now() > timedelta(minutes=20):
        return False
    try:
        response = requests.post(
            f"{settings.DOCTOLIB_API_URL}/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": credential.refresh_token},
            timeout=15,
        )
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise DoctolibUnavailable(str(exc)) from exc
    response.raise_for_status()
    data = response.json()
    credential.access_token = data["access_token"]
    credential.refresh_token = data["refresh_token"]
    credential.expires_at = timezone.now() + timedelta(seconds=data["expires_in"])
    credential.save()
    return True


def practice_id_for(agenda_id):
    return Practice.objects.filter(doctolib_id=agenda_id).values_list("pk", flat=True).first()
