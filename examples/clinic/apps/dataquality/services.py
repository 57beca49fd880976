"""Data-quality checks, digest and reports: the logic behind the tasks."""
import io
import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from apps.sync.models import Patient, Practice

from .models import DuplicateCandidate, QualityIssue

logger = logging.getLogger(__name__)

DUPLICATE_THRESHOLD = 0.85


def run_check(check, practice_id):
    """Record the failures of one check; issues that no longer fail are resolved."""
    failures = dict(check.run(practice_id))
    now = timezone.now()
    with transaction.atomic():
        for object_ref, message in failures.items():
            QualityIssue.objects.update_or_create(
                practice_id=practice_id,
                check=check.code,
                object_ref=object_ref,
                defaults={"message": message[:500], "resolved_at": None},
            )
        QualityIssue.objects.filter(practice_id=practice_id, check=check.code, resolved_at__isnull=True).exclude(
            object_ref__in=failures
        ).update(resolved_at=now)
    return len(failures)


def flag_issue(practice_id, check, object_ref, message):
    QualityIssue.objects.update_or_create(
        practice_id=practice_id,
        check=check,
        object_ref=object_ref,
        defaults={"message": message, "resolved_at": None},
    )


def record_missing(check, refs):
    for practice_id, object_ref in refs:
        flag_issue(practice_id, check, object_ref, "missing value")
    return len(refs)


def patients_missing_email():
    return list(Patient.objects.filter(email="").values_list("practice_id", "external_ref"))


def practices_missing_siret():
    return [(pk, str(pk)) for pk in Practice.objects.filter(is_active=True, siret="").values_list("pk", flat=True)]


def open_issue_summary():
    return list(
        QualityIssue.objects.filter(resolved_at__isnull=True)
        .values("practice__name", "check")
        .order_by("practice__name", "check")
    )


def digest_body(summary):
    return render_to_string("dataquality/digest.txt", {"summary": summary})


def apply_company_data(practice_id, company):
    Practice.objects.filter(pk=practice_id).update(legal_name=company["legal_name"], naf_code=company["naf_code"])


def _similarity(left, right):
    same_birth = left.birth_date is not None and left.birth_date == right.birth_date
    same_name = left.last_name == right.last_name
    same_first = left.first_name[:3].lower() == right.first_name[:3].lower()
    return 0.5 * same_birth + 0.3 * same_name + 0.2 * same_first


def rebuild_duplicate_candidates():
    """Full pairwise scan per practice and birth date. Slow by design: minutes per large practice."""
    DuplicateCandidate.objects.all().delete()
    for practice_id in Practice.objects.values_list("pk", flat=True):
        by_birth = {}
        for patient in Patient.objects.filter(practice_id=practice_id).exclude(birth_date=None):
            by_birth.setdefault(patient.birth_date, []).append(patient)
        pairs = []
        for group in by_birth.values():
            for i, left in enumerate(group):
                for right in group[i + 1 :]:
                    score = _similarity(left, right)
                    if score >= DUPLICATE_THRESHOLD:
                        pairs.append(DuplicateCandidate(left=left, right=right, score=score))
        DuplicateCandidate.objects.bulk_create(pairs, ignore_conflicts=True)


def previous_month(today=None):
    today = today or date.today()
    last_day = today.replace(day=1) - timedelta(days=1)
    return last_day.strftime("%Y-%m")


def render_quality_report(period):
    from weasyprint import HTML

    year, month = (int(part) for part in period.split("-"))
    issues = QualityIssue.objects.filter(
        Q(created_at__year=year, created_at__month=month) | Q(resolved_at__year=year, resolved_at__month=month)
    )
    html = render_to_string("dataquality/monthly_report.html", {"period": period, "issues": issues})
    buffer = io.BytesIO()
    HTML(string=html).write_pdf(buffer)
    return buffer.getvalue()
