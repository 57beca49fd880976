import uuid

from django.db import models


class Invoice(models.Model):
    practice = models.ForeignKey("sync.Practice", on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=32, unique=True)
    label = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()
    issued_on = models.DateField()
    due_on = models.DateField()
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pennylane_id = models.CharField(max_length=64, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.number


class Payment(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveIntegerField()
    paid_on = models.DateField()
    method = models.CharField(max_length=16, default="transfer")
    pennylane_id = models.CharField(max_length=64, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)


class Customer(models.Model):
    pennylane_id = models.CharField(max_length=64, unique=True)
    practice = models.OneToOneField("sync.Practice", on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField(max_length=200)
    reg_no = models.CharField(max_length=14, blank=True)


class Supplier(models.Model):
    pennylane_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    reg_no = models.CharField(max_length=14, blank=True)


class Category(models.Model):
    pennylane_id = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=200)
    group = models.CharField(max_length=100, blank=True)


class LedgerEntry(models.Model):
    pennylane_id = models.CharField(max_length=64, unique=True)
    company_id = models.PositiveIntegerField()
    date = models.DateField()
    label = models.CharField(max_length=300)
    debit_cents = models.BigIntegerField(default=0)
    credit_cents = models.BigIntegerField(default=0)
    analytic_code = models.CharField(max_length=32, blank=True)
