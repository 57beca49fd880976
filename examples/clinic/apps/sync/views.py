import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import DetailView
from django.views.decorators.csrf import csrf_exempt

from config.celery import app

from . import services
from .doctolib import verify_signature
from .models import Practice
from .tasks import (
    refresh_availability_cache,
    sync_doctolib_cancellations,
    sync_doctolib_practice,
    sync_practice_profile,
)


class PracticeDetailView(LoginRequiredMixin, DetailView):
    model = Practice
    template_name = "sync/practice_detail.html"


class PracticeResyncView(LoginRequiredMixin, View):
    """The "Resynchroniser" button on a practice page."""

    def post(self, request, pk):
        with transaction.atomic():
            practice = get_object_or_404(Practice.objects.select_for_update(), pk=pk)
            practice.sync_requested_at = timezone.now()
            practice.save(update_fields=["sync_requested_at"])
            sync_doctolib_practice.delay(practice.pk)  # expect: TA901
        messages.success(request, "Synchronisation Doctolib lancée.")
        return redirect("sync:practice-detail", pk=pk)


class PracticeProfileRefreshView(LoginRequiredMixin, View):
    def post(self, request, pk):
        with transaction.atomic():
            practice = get_object_or_404(Practice.objects.select_for_update(), pk=pk)
            practice.sync_requested_at = timezone.now()
            practice.save(update_fields=["sync_requested_at"])
            transaction.on_commit(lambda: sync_practice_profile.delay(practice.pk))
        messages.success(request, "Mise à jour du profil demandée.")
        return redirect("sync:practice-detail", pk=pk)


class AvailabilityRefreshView(LoginRequiredMixin, View):
    def post(self, request, pk):
        practice = get_object_or_404(Practice, pk=pk)
        refresh_availability_cache.delay(practice.pk)
        return HttpResponse(status=202)


@method_decorator(csrf_exempt, name="dispatch")
class DoctolibWebhookView(View):
    """Doctolib calls this when an agenda changes; we queue a targeted resync."""

    def post(self, request):
        if not verify_signature(request.body, request.headers.get("X-Doctolib-Signature")):
            return HttpResponseForbidden()
        event = json.loads(request.body)
        practice_id = services.practice_id_for(event["agenda_id"])
        if practice_id is None:
            return HttpResponse(status=204)
        if event["type"] == "appointment.cancelled":
            sync_doctolib_cancellations.delay(practice_id)
        else:
            app.send_task("apps.sync.tasks.sync_doctolib_agenda", args=[practice_id], countdown=30)  # expect: TA903
        return HttpResponse(status=202)
