from django.urls import path

from . import views

app_name = "sync"

urlpatterns = [
    path("practices/<int:pk>/", views.PracticeDetailView.as_view(), name="practice-detail"),
    path("practices/<int:pk>/resync/", views.PracticeResyncView.as_view(), name="practice-resync"),
    path("practices/<int:pk>/profile/", views.PracticeProfileRefreshView.as_view(), name="practice-profile"),
    path("practices/<int:pk>/slots/", views.AvailabilityRefreshView.as_view(), name="practice-slots"),
    path("webhooks/doctolib/", views.DoctolibWebhookView.as_view(), name="doctolib-webhook"),
]
