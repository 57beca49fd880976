"""A one-off Celery app that replays dead-lettered messages, started by hand during incidents.

It predates the Django app and still reads an old-style configuration module
(tools/replay_celeryconfig.py), without a namespace.
"""
from celery import Celery

replay = Celery("replay")
replay.config_from_object("tools.replay_celeryconfig")
