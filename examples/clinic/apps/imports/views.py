from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.views import View

from .models import ImportUpload
from .tasks import import_patients_csv, import_practitioners_excel, validate_upload_headers


class PatientUploadView(LoginRequiredMixin, View):
    def post(self, request):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return HttpResponseBadRequest("no file")
        with transaction.atomic():
            upload = ImportUpload.objects.create(
                kind=ImportUpload.Kind.PATIENTS,
                practice_id=request.POST.get("practice"),
                file=uploaded,
                uploaded_by=request.user,
            )
            transaction.on_commit(lambda: validate_upload_headers.delay(upload.pk))
            transaction.on_commit(
                lambda: import_patients_csv.apply_async((upload.pk,), queue="heavy", countdown=10)
            )
        messages.success(request, "Fichier reçu, l'import démarre dans quelques secondes.")
        return redirect("imports:upload-detail", pk=upload.pk)


class PractitionerUploadView(LoginRequiredMixin, View):
    def post(self, request):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return HttpResponseBadRequest("no file")
        upload = ImportUpload.objects.create(
            kind=ImportUpload.Kind.PRACTITIONERS,
            practice_id=request.POST.get("practice"),
            file=uploaded,
            uploaded_by=request.user,
        )
        import_practitioners_excel.delay_on_commit(upload.pk)
        messages.success(request, "Fichier reçu, l'import démarre dans quelques secondes.")
        return redirect("imports:upload-detail", pk=upload.pk)
