from django.conf import settings
from django.db import models


class ImportUpload(models.Model):
    class Kind(models.TextChoices):
        PATIENTS = "patients", "Patients (CSV)"
        PRACTITIONERS = "practitioners", "Practitioners (Excel)"
        INSURERS = "insurers", "Insurer directory"

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"
        EXPIRED = "expired"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    practice = models.ForeignKey("sync.Practice", on_delete=models.CASCADE, null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    def mark_expired(self):
        self.status = self.Status.EXPIRED
        self.save(update_fields=["status"])


class ImportRowError(models.Model):
    upload = models.ForeignKey(ImportUpload, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=64, blank=True)
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["line"]


class Insurer(models.Model):
    """A complementary health insurer (mutuelle) from the public directory."""

    amc_number = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    tp_enabled = models.BooleanField("third-party payment", default=False)
    updated_at = models.DateTimeField(auto_now=True)
