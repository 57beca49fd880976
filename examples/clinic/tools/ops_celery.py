"""Stand-alone Celery app for on-call maintenance jobs.

It runs on the bastion with its own broker database and no Django; start it
with ``make ops-worker``. Configuration: tools/ops_celeryconfig.py.
"""
import logging

from celery import Celery

logger = logging.getLogger(__name__)

app = Celery("ops")
app.config_from_object("tools.ops_celeryconfig")

WATCHED_QUEUES = ("light", "heavy", "pennylane")


@app.task(name="tools.ops_celery.measure_queue_backlog", max_retries=0, soft_time_limit=30)
def measure_queue_backlog(broker_url):  # expect: TA201, TA701
    """Messages waiting in each production queue, for the on-call dashboard."""
    backlog = {}
    with app.connection_for_read(broker_url) as connection:
        channel = connection.default_channel
        for queue in WATCHED_QUEUES:
            _, waiting, consumers = channel.queue_declare(queue=queue, passive=True)
            backlog[queue] = {"waiting": waiting, "consumers": consumers}
    logger.info("Queue backlog: %s", backlog)
    return backlog
