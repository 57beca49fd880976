from django.db import models
from django.utils import timezone


class Practice(models.Model):
    """A medical practice of the network, mirrored from its Doctolib account."""

    name = models.CharField(max_length=200)
    siret = models.CharField(max_length=14, blank=True)
    doctolib_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pennylane_company_id = models.PositiveIntegerField(null=True, blank=True)
    webhook_url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    sync_requested_at = models.DateTimeField(null=True, blank=True)
    legal_name = models.CharField(max_length=200, blank=True)
    naf_code = models.CharField(max_length=6, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def siren(self):
        return self.siret[:9]

    def request_sync(self):
        from apps.sync.tasks import sync_doctolib_practice

        self.sync_requested_at = timezone.now()
        self.save(update_fields=["sync_requested_at"])
        sync_doctolib_practice.delay(self.pk)


class Practitioner(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="practitioners")
    rpps = models.CharField("RPPS number", max_length=11, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    specialty = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Patient(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="patients")
    external_ref = models.CharField(max_length=64)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    birth_date = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "external_ref"], name="uniq_patient_ref"),
        ]


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked"
        CANCELLED = "cancelled"
        NO_SHOW = "no_show"
        DONE = "done"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="appointments")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.SET_NULL, null=True)
    doctolib_id = models.CharField(max_length=64, unique=True)
    patient_ref = models.CharField(max_length=64)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["practice", "starts_at"])]

    def mark_cancelled(self, when):
        self.status = self.Status.CANCELLED
        self.cancelled_at = when
        self.save(update_fields=["status", "cancelled_at"])


class DoctolibCredential(models.Model):
    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="doctolib_credential")
    access_token = models.TextField()
    refresh_token = models.TextField()
    expires_at = models.DateTimeField()
