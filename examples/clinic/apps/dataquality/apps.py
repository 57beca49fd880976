from django.apps import AppConfig


class DataQualityConfig(AppConfig):
    name = "apps.dataquality"
    label = "dataquality"
    verbose_name = "Data quality"
