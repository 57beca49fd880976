"""Linking: per-file facts joined into one project model, the way Celery would see it."""
