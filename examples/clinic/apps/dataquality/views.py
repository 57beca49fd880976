from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from apps.sync.models import Practice
from config.celery import app

from .tasks import lookup_inpi_company, rebuild_duplicate_index


class RunChecksView(LoginRequiredMixin, View):
    """"Relancer les contrôles" on the practice quality page."""

    def post(self, request, pk):
        practice = get_object_or_404(Practice, pk=pk)
        # By name: importing the tasks module here would load boto3 and weasyprint in every web process.
        app.send_task("apps.dataquality.tasks.run_practice_checks", args=[practice.pk])
        messages.success(request, "Contrôles relancés.")
        return redirect("sync:practice-detail", pk=practice.pk)


class InpiRefreshView(LoginRequiredMixin, View):
    def post(self, request, pk):
        practice = Practice.objects.get(pk=pk)
        lookup_inpi_company.delay(practice)  # expect: TA902
        messages.success(request, "Recherche INPI lancée.")
        return redirect("sync:practice-detail", pk=pk)


class RebuildDuplicatesView(PermissionRequiredMixin, View):
    permission_required = "dataquality.change_duplicatecandidate"

    def post(self, request):
        rebuild_duplicate_index.delay()
        messages.success(request, "Recalcul des doublons lancé (plusieurs minutes).")
        return redirect("admin:dataquality_duplicatecandidate_changelist")
