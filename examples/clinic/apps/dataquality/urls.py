from django.urls import path

from . import views

app_name = "dataquality"

urlpatterns = [
    path("practices/<int:pk>/checks/", views.RunChecksView.as_view(), name="run-checks"),
    path("practices/<int:pk>/inpi/", views.InpiRefreshView.as_view(), name="inpi-refresh"),
    path("duplicates/rebuild/", views.RebuildDuplicatesView.as_view(), name="duplicates-rebuild"),
]
