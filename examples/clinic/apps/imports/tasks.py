"""File imports (patients CSV, practitioners Excel, insurer directory).

Everything in this module is routed to the ``heavy`` queue by
``CELERY_TASK_ROUTES``: a big practice's patient file takes minutes.
"""
import csv
import io
import logging
import re
from smtplib import SMTPException

import requests
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone

from apps.sync.models import Practitioner

from . import services
from .models import ImportRowError, ImportUpload

logger = logging.getLogger(__name__)

RPPS_RE = re.compile(r"^\d{11}$")
FINISHED_MAIL_LOCK_SECONDS = 7 * 24 * 3600


@shared_task(
    bind=True,
    name="apps.imports.tasks.import_patients_csv",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    soft_time_limit=900,
    time_limit=1200,
)
def import_patients_csv(self, upload_id):
    """Upsert the patients of an uploaded CSV (semicolon separated, as exported by most PMS)."""
    upload = ImportUpload.objects.get(pk=upload_id)
    if upload.status == ImportUpload.Status.DONE:
        return {"created": 0, "updated": 0, "errors": upload.error_count}
    try:
        stats = services.import_patients(upload)
    except services.InvalidFile as exc:
        logger.warning("Patient upload %s rejected: %s", upload_id, exc)
        services.mark_failed(upload, str(exc))
        return {"created": 0, "updated": 0, "errors": 1}
    notify_import_finished.delay(upload_id)
    return stats


@shared_task(
    name="apps.imports.tasks.import_practitioners_excel",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=900,
    time_limit=1200,
)
def import_practitioners_excel(upload_id):  # expect: TA202
    """Upsert practitioners from the network's Excel template (one sheet, header on row 1)."""
    from openpyxl import load_workbook

    upload = ImportUpload.objects.select_related("practice").get(pk=upload_id)
    if upload.status == ImportUpload.Status.DONE:
        return {"created": 0, "updated": 0, "errors": upload.error_count}
    upload.status = ImportUpload.Status.RUNNING
    upload.save(update_fields=["status"])
    try:
        workbook = load_workbook(upload.file, read_only=True, data_only=True)
    except (KeyError, ValueError) as exc:
        logger.warning("Practitioner upload %s is not a readable workbook: %s", upload_id, exc)
        services.mark_failed(upload, f"not an Excel file: {exc}")
        return {"created": 0, "updated": 0, "errors": 1}
    sheet = workbook.active
    rows = sheet.iter_rows(values_only=True)
    header = [str(value or "").strip().lower() for value in next(rows, ())]
    missing = [name for name in services.PRACTITIONER_HEADERS if name not in header]
    if missing:
        services.mark_failed(upload, "missing columns: " + ", ".join(missing))
        return {"created": 0, "updated": 0, "errors": 1}
    index = {name: header.index(name) for name in services.PRACTITIONER_HEADERS}
    created = 0
    updated = 0
    errors = []
    seen = set()
    for line, values in enumerate(rows, start=2):
        if not any(values):
            continue
        rpps = str(values[index["rpps"]] or "").strip().replace(" ", "")
        if rpps.endswith(".0"):
            rpps = rpps[:-2]
        if not RPPS_RE.match(rpps):
            errors.append(ImportRowError(upload=upload, line=line, column="rpps", message=f"invalid RPPS {rpps!r}"))
            continue
        if rpps in seen:
            errors.append(ImportRowError(upload=upload, line=line, column="rpps", message="duplicate in file"))
            continue
        seen.add(rpps)
        first_name = str(values[index["first_name"]] or "").strip().title()
        last_name = str(values[index["last_name"]] or "").strip().upper()
        if not first_name or not last_name:
            errors.append(ImportRowError(upload=upload, line=line, column="last_name", message="name required"))
            continue
        specialty = str(values[index["specialty"]] or "").strip()
        email = str(values[index["email"]] or "").strip().lower()
        if email and "@" not in email:
            errors.append(ImportRowError(upload=upload, line=line, column="email", message="invalid email"))
            email = ""
        try:
            _, was_created = Practitioner.objects.update_or_create(
                rpps=rpps,
                defaults={
                    "practice": upload.practice,
                    "first_name": first_name,
                    "last_name": last_name,
                    "specialty": specialty,
                    "email": email,
                    "is_active": True,
                },
            )
        except ValueError as exc:
            errors.append(ImportRowError(upload=upload, line=line, column="", message=str(exc)[:500]))
            continue
        if was_created:
            created += 1
        else:
            updated += 1
    if upload.practice is not None:
        stale = Practitioner.objects.filter(practice=upload.practice, is_active=True).exclude(rpps__in=seen)
        deactivated = stale.update(is_active=False)
        logger.info("Upload %s deactivated %d practitioners", upload_id, deactivated)
    services.record_row_errors(upload, errors, row_count=created + updated + len(errors))
    upload.refresh_from_db()
    logger.info(
        "Practitioner upload %s: %d created, %d updated, %d errors",
        upload_id,
        created,
        updated,
        len(errors),
    )
    notify_import_finished.delay(upload_id)
    return {"created": created, "updated": updated, "errors": len(errors)}


@shared_task(
    name="apps.imports.tasks.import_insurer_directory",
    autoretry_for=(requests.ConnectionError, requests.Timeout),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=1200,
    time_limit=1500,
    ignore_result=True,
)
def import_insurer_directory():
    """Refresh the insurer (AMC) directory from the published CSV."""
    response = requests.get(settings.INSURER_DIRECTORY_URL, timeout=60)
    response.raise_for_status()
    rows = csv.DictReader(io.StringIO(response.content.decode("latin-1")), delimiter=";")
    count = services.upsert_insurers(rows)
    logger.info("Insurer directory refreshed: %d insurers", count)


@shared_task(
    queue="light",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=60,
)
def validate_upload_headers(upload_id):  # expect: TA101, TA606
    """Fail fast on a file with missing columns, before the import itself is queued."""
    upload = ImportUpload.objects.get(pk=upload_id)
    try:
        missing = services.missing_headers(upload)
    except services.InvalidFile as exc:
        logger.warning("Upload %s rejected before import: %s", upload_id, exc)
        services.mark_failed(upload, str(exc))
        return [str(exc)]
    if missing:
        services.mark_failed(upload, "missing columns: " + ", ".join(missing))
    return missing


@shared_task(
    name="apps.imports.tasks.cleanup_stale_uploads",
    max_retries=0,
    soft_time_limit=300,
    ignore_result=True,
)
def cleanup_stale_uploads():
    """Delete the files of processed uploads once the retention period is over."""
    removed = 0
    for upload in services.stale_uploads():
        try:
            services.remove_file(upload)
        except FileNotFoundError:  # taskaudit: ignore[TA401] -- already removed by a previous run or by hand; the row is expired below either way
            pass
        upload.mark_expired()
        removed += 1
    logger.info("Expired %d stale uploads", removed)


@shared_task(
    name="apps.imports.tasks.notify_import_finished",
    autoretry_for=(SMTPException,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=60,
    ignore_result=True,
)
def notify_import_finished(upload_id):
    """Mail the uploader a summary once an import is done."""
    lock_key = f"import-finished-mail:{upload_id}"
    if not cache.add(lock_key, timezone.now().isoformat(), timeout=FINISHED_MAIL_LOCK_SECONDS):
        return
    upload = ImportUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    if upload.uploaded_by is None or not upload.uploaded_by.email:
        return
    try:
        send_mail(
            subject=f"Import terminé : {upload.get_kind_display()}",
            message=(
                f"{upload.row_count} lignes traitées, {upload.error_count} en erreur.\n"
                "Le détail des erreurs est disponible dans le back-office."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[upload.uploaded_by.email],
        )
    except SMTPException:
        cache.delete(lock_key)
        raise
