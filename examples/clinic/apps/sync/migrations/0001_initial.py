import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Practice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("siret", models.CharField(blank=True, max_length=14)),
                ("doctolib_id", models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ("pennylane_company_id", models.PositiveIntegerField(blank=True, null=True)),
                ("webhook_url", models.URLField(blank=True)),
                ("is_active", models.BooleanField(default=True)),
                ("last_synced_at", models.DateTimeField(blank=True, null=True)),
                ("sync_requested_at", models.DateTimeField(blank=True, null=True)),
                ("legal_name", models.CharField(blank=True, max_length=200)),
                ("naf_code", models.CharField(blank=True, max_length=6)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="Practitioner",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rpps", models.CharField(max_length=11, unique=True, verbose_name="RPPS number")),
                ("first_name", models.CharField(max_length=100)),
                ("last_name", models.CharField(max_length=100)),
                ("specialty", models.CharField(blank=True, max_length=100)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("is_active", models.BooleanField(default=True)),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="practitioners", to="sync.practice"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Patient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("external_ref", models.CharField(max_length=64)),
                ("first_name", models.CharField(max_length=100)),
                ("last_name", models.CharField(max_length=100)),
                ("birth_date", models.DateField(blank=True, null=True)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("phone", models.CharField(blank=True, max_length=20)),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="patients", to="sync.practice"
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="patient",
            constraint=models.UniqueConstraint(fields=("practice", "external_ref"), name="uniq_patient_ref"),
        ),
        migrations.CreateModel(
            name="Appointment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("doctolib_id", models.CharField(max_length=64, unique=True)),
                ("patient_ref", models.CharField(max_length=64)),
                ("starts_at", models.DateTimeField()),
                ("ends_at", models.DateTimeField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("booked", "Booked"),
                            ("cancelled", "Cancelled"),
                            ("no_show", "No Show"),
                            ("done", "Done"),
                        ],
                        default="booked",
                        max_length=16,
                    ),
                ),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "practice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="appointments", to="sync.practice"
                    ),
                ),
                (
                    "practitioner",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, to="sync.practitioner"
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["practice", "starts_at"], name="sync_appoin_practic_5c1f0e_idx")]},
        ),
        migrations.CreateModel(
            name="DoctolibCredential",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("access_token", models.TextField()),
                ("refresh_token", models.TextField()),
                ("expires_at", models.DateTimeField()),
                (
                    "practice",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="doctolib_credential",
                        to="sync.practice",
                    ),
                ),
            ],
        ),
    ]
