from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sync/", include("apps.sync.urls")),
    path("imports/", include("apps.imports.urls")),
    path("quality/", include("apps.dataquality.urls")),
    path("pennylane/", include("apps.pennylane_sync.urls")),
]
