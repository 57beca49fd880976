"""Data-quality checks, the morning digest, INPI lookups and the monthly report."""
import logging
from datetime import timedelta
from smtplib import SMTPException

import boto3
from botocore.exceptions import ClientError
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError
from django.utils import timezone

from apps.sync.models import Practice
from config.celery import app

from . import checks, inpi, services
from .models import DailyDigest, QualityIssue

logger = logging.getLogger(__name__)

RESOLVED_RETENTION = timedelta(days=30)


@shared_task(
    name="apps.dataquality.tasks.run_practice_checks",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
)
def run_practice_checks(practice_id):
    """Run every registered check for one practice and store the open issues."""
    results = {}
    for check in checks.REGISTRY:
        try:
            results[check.code] = services.run_check(check, practice_id)
        except Exception:  # expect: TA403
            logger.warning("Check %s failed for practice %s", check.code, practice_id)
    return results


@shared_task(
    name="apps.dataquality.tasks.run_nightly_checks",
    max_retries=0,
    soft_time_limit=60,
    ignore_result=True,
)
def run_nightly_checks():
    """Nightly fan-out, after the Doctolib sync."""
    for practice_id in Practice.objects.filter(is_active=True).values_list("pk", flat=True):
        run_practice_checks.delay(practice_id)
    check_patients_missing_email.delay()
    check_practices_missing_siret.delay()


@shared_task(
    name="apps.dataquality.tasks.check_patients_missing_email",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
)
def check_patients_missing_email():  # expect: TA103
    """Network-wide: patients we cannot send a reminder to."""
    return services.record_missing("patient-email", services.patients_missing_email())


@shared_task(
    name="apps.dataquality.tasks.check_patients_missing_email",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
)
def check_practices_missing_siret():  # expect: TA102, TA103
    """Network-wide: practices Pennylane cannot invoice without a SIRET."""
    return services.record_missing("practice-siret", services.practices_missing_siret())


@shared_task(
    name="apps.dataquality.tasks.send_quality_digest",
    autoretry_for=(SMTPException,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    ignore_result=True,
)
def send_quality_digest():
    """One mail a day to the ops managers with the open issues per practice."""
    digest, _ = DailyDigest.objects.get_or_create(day=timezone.localdate())
    if digest.sent_at is not None:
        return
    summary = services.open_issue_summary()
    send_mail(
        subject=f"Qualité des données : {len(summary)} points ouverts",
        message=services.digest_body(summary),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=settings.DATA_QUALITY_RECIPIENTS,
    )
    digest.open_issues = len(summary)
    digest.sent_at = timezone.now()
    digest.save(update_fields=["open_issues", "sent_at"])


@shared_task(
    name="apps.dataquality.tasks.rebuild_duplicate_index",
    soft_time_limit=1500,
    time_limit=1800,
    ignore_result=True,
)
def rebuild_duplicate_index():  # expect: TA301, TA602
    """Recompute the duplicate-patient candidates of the whole network."""
    services.rebuild_duplicate_candidates()


@app.task(
    name="apps.dataquality.tasks.build_monthly_quality_report",
    autoretry_for=(ClientError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=480,
    time_limit=540,
)
def build_monthly_quality_report(period=None):  # expect: TA201, TA603
    """PDF report for the medical directors, stored in the reports bucket."""
    period = period or services.previous_month()
    pdf = services.render_quality_report(period)
    key = f"quality-reports/{period}.pdf"
    s3 = boto3.client("s3")
    # idempotent: the key is derived from the month, so a rerun overwrites the same object
    s3.put_object(Bucket=settings.REPORTS_BUCKET, Key=key, Body=pdf, ContentType="application/pdf")
    logger.info("Quality report for %s stored at %s", period, key)
    return key


@shared_task(
    bind=True,
    name="apps.dataquality.tasks.lookup_inpi_company",
    max_retries=4,
    soft_time_limit=60,
    ignore_result=True,
)
def lookup_inpi_company(self, practice_id):
    """Fill the practice's legal name and NAF code from the INPI register."""
    practice = Practice.objects.get(pk=practice_id)
    if len(practice.siren) != 9:
        services.flag_issue(practice_id, "practice-siret", str(practice_id), "SIRET missing or malformed")
        return
    try:
        company = inpi.fetch_company(practice.siren)
    except inpi.InpiRateLimited as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)
    except inpi.InpiNotFound:
        logger.warning("SIREN %s of practice %s is unknown to INPI", practice.siren, practice_id)
        services.flag_issue(practice_id, "practice-siren", practice.siren, "SIREN unknown to INPI")
        return
    services.apply_company_data(practice_id, company)


@shared_task(
    name="apps.dataquality.tasks.expire_resolved_issues",
    max_retries=0,
    soft_time_limit=120,
    ignore_result=True,
)
def expire_resolved_issues():
    """Drop issues resolved more than 30 days ago."""
    cutoff = timezone.now() - RESOLVED_RETENTION
    deleted, _ = QualityIssue.objects.filter(resolved_at__lt=cutoff).delete()
    logger.info("Dropped %d resolved quality issues", deleted)
