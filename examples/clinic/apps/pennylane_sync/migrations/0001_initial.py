import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("sync", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Invoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=32, unique=True)),
                ("label", models.CharField(max_length=200)),
                ("amount_cents", models.PositiveIntegerField()),
                ("issued_on", models.DateField()),
                ("due_on", models.DateField()),
                ("idempotency_key", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("pennylane_id", models.CharField(blank=True, max_length=64)),
                ("pushed_at", models.DateTimeField(blank=True, null=True)),
                ("paid_at", models.DateTimeField(blank=True, null=True)),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="invoices", to="sync.practice"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Payment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount_cents", models.PositiveIntegerField()),
                ("paid_on", models.DateField()),
                ("method", models.CharField(default="transfer", max_length=16)),
                ("pennylane_id", models.CharField(blank=True, max_length=64)),
                ("pushed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "invoice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="pennylane_sync.invoice",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pennylane_id", models.CharField(max_length=64, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("reg_no", models.CharField(blank=True, max_length=14)),
                (
                    "practice",
                    models.OneToOneField(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to="sync.practice"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Supplier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pennylane_id", models.CharField(max_length=64, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("reg_no", models.CharField(blank=True, max_length=14)),
            ],
        ),
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pennylane_id", models.CharField(max_length=64, unique=True)),
                ("label", models.CharField(max_length=200)),
                ("group", models.CharField(blank=True, max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name="LedgerEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pennylane_id", models.CharField(max_length=64, unique=True)),
                ("company_id", models.PositiveIntegerField()),
                ("date", models.DateField()),
                ("label", models.CharField(max_length=300)),
                ("debit_cents", models.BigIntegerField(default=0)),
                ("credit_cents", models.BigIntegerField(default=0)),
                ("analytic_code", models.CharField(blank=True, max_length=32)),
            ],
        ),
    ]
