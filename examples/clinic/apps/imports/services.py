"""Import pipeline: parse an uploaded file, upsert its rows, record row errors.

Every upsert is keyed on a natural identifier (patient external ref, RPPS,
AMC number) so an import can be re-run on the same file safely.
"""
import csv
import io
import logging
import os
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.sync.models import Patient

from .models import ImportRowError, ImportUpload, Insurer

logger = logging.getLogger(__name__)

PATIENT_HEADERS = ("external_ref", "first_name", "last_name", "birth_date", "email", "phone")
PRACTITIONER_HEADERS = ("rpps", "first_name", "last_name", "specialty", "email")


class InvalidFile(Exception):
    """The file cannot be imported at all (encoding, missing columns)."""


def _open_text(upload):
    raw = upload.file.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidFile("unreadable encoding (expected UTF-8 or Windows-1252)")


def missing_headers(upload):
    if upload.kind == ImportUpload.Kind.PRACTITIONERS:
        from openpyxl import load_workbook

        sheet = load_workbook(upload.file, read_only=True).active
        found = [str(cell.value or "").strip().lower() for cell in next(sheet.iter_rows(max_row=1))]
        expected = PRACTITIONER_HEADERS
    else:
        reader = csv.reader(io.StringIO(_open_text(upload)), delimiter=";")
        found = [name.strip().lower() for name in next(reader, [])]
        expected = PATIENT_HEADERS
    return [name for name in expected if name not in found]


def import_patients(upload):
    text = _open_text(upload)
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    created = updated = 0
    errors = []
    for line, row in enumerate(reader, start=2):
        ref = (row.get("external_ref") or "").strip()
        if not ref:
            errors.append(ImportRowError(upload=upload, line=line, column="external_ref", message="empty"))
            continue
        _, was_created = Patient.objects.update_or_create(
            practice_id=upload.practice_id,
            external_ref=ref,
            defaults={
                "first_name": row.get("first_name", "").strip(),
                "last_name": row.get("last_name", "").strip().upper(),
                "email": row.get("email", "").strip().lower(),
                "phone": row.get("phone", "").replace(" ", ""),
            },
        )
        created += was_created
        updated += not was_created
    record_row_errors(upload, errors, row_count=created + updated + len(errors))
    return {"created": created, "updated": updated, "errors": len(errors)}


@transaction.atomic
def record_row_errors(upload, errors, row_count):
    upload.row_errors.all().delete()
    ImportRowError.objects.bulk_create(errors)
    upload.status = ImportUpload.Status.DONE
    upload.row_count = row_count
    upload.error_count = len(errors)
    upload.processed_at = timezone.now()
    upload.save(update_fields=["status", "row_count", "error_count", "processed_at"])


def mark_failed(upload, reason):
    upload.status = ImportUpload.Status.FAILED
    upload.failure_reason = reason[:1000]
    upload.save(update_fields=["status", "failure_reason"])


def stale_uploads():
    cutoff = timezone.now() - timedelta(hours=settings.IMPORT_UPLOAD_TTL_HOURS)
    return ImportUpload.objects.filter(
        status__in=[ImportUpload.Status.DONE, ImportUpload.Status.FAILED],
        processed_at__lt=cutoff,
    ).exclude(file="")


def remove_file(upload):
    os.remove(upload.file.path)


def upsert_insurers(rows):
    count = 0
    for row in rows:
        Insurer.objects.update_or_create(
            amc_number=row["numero_amc"],
            defaults={"name": row["raison_sociale"], "tp_enabled": row.get("tiers_payant") == "O"},
        )
        count += 1
    return count
