"""Settings of the on-call Celery app (tools/ops_celery.py), read without a namespace."""
import os

from kombu import Queue

broker_url = os.environ.get("OPS_BROKER_URL", "redis://localhost:6379/3")
task_default_queue = "ops"
task_queues = (Queue("ops", routing_key="ops"),)
task_routes = {"tools.ops_celery.*": {"queue": "ops"}}
worker_prefetch_multiplier = 1
timezone = "Europe/Paris"

# A maintenance job cut short by a deploy must run again.
CELERY_ACKS_LATE = True  # expect: TA1102
