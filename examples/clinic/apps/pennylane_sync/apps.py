from django.apps import AppConfig


class PennylaneSyncConfig(AppConfig):
    name = "apps.pennylane_sync"
    label = "pennylane_sync"
    verbose_name = "Pennylane accounting"
