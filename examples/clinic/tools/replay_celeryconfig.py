"""Settings of the replay app (tools/replay_celery.py), in Celery 3's uppercase names."""
import os

BROKER_URL = os.environ.get("REPLAY_BROKER_URL", "redis://localhost:6379/4")  # expect: TA1103
