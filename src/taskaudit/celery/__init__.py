"""Celery's own semantics as pure functions over static values.

Settings resolution (``settings``), schedules in words (``schedules``) and task
routing (``routing``), each following Celery's code rather than its prose
where the two differ. Nothing here imports Celery or the scanned project.
"""

from __future__ import annotations
