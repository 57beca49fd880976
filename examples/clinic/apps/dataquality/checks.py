"""The data-quality checks run for every practice each night.

A check returns the objects that fail it as ``(object_ref, message)`` pairs.
"""
from dataclasses import dataclass
from typing import Callable

from django.db.models import Count

from apps.sync.models import Patient, Practitioner


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    run: Callable


def patients_without_contact(practice_id):
    rows = Patient.objects.filter(practice_id=practice_id, email="", phone="").values_list("external_ref", flat=True)
    return [(ref, "no email and no phone") for ref in rows]


def patients_without_birth_date(practice_id):
    rows = Patient.objects.filter(practice_id=practice_id, birth_date__isnull=True).values_list("external_ref", flat=True)
    return [(ref, "birth date missing") for ref in rows]


def practitioners_without_email(practice_id):
    rows = Practitioner.objects.filter(practice_id=practice_id, is_active=True, email="").values_list("rpps", flat=True)
    return [(rpps, "practitioner has no email") for rpps in rows]


def duplicated_patient_refs(practice_id):
    rows = (
        Patient.objects.filter(practice_id=practice_id)
        .values("last_name", "first_name", "birth_date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return [(f"{r['last_name']} {r['first_name']}", f"{r['n']} patient records") for r in rows]


REGISTRY = (
    Check("patient-contact", "Patients without contact", patients_without_contact),
    Check("patient-birth-date", "Patients without birth date", patients_without_birth_date),
    Check("practitioner-email", "Practitioners without email", practitioners_without_email),
    Check("patient-duplicates", "Probable duplicate patients", duplicated_patient_refs),
)
