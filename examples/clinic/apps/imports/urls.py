from django.urls import path
from django.views.generic import DetailView

from . import views
from .models import ImportUpload

app_name = "imports"

urlpatterns = [
    path("patients/", views.PatientUploadView.as_view(), name="patients-upload"),
    path("practitioners/", views.PractitionerUploadView.as_view(), name="practitioners-upload"),
    path(
        "uploads/<int:pk>/",
        DetailView.as_view(model=ImportUpload, template_name="imports/upload_detail.html"),
        name="upload-detail",
    ),
]
