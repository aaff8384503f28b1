"""The ceiling: a Celery task that does nothing but count itself, on the same broker settings as the services."""

import os

import redis
from celery import Celery

app = Celery("bench-noop", broker=os.environ["BENCH_BROKER_URL"], set_as_current=False)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=int(os.environ.get("CELERY_PREFETCH_MULTIPLIER", "4")),
    broker_transport_options={"confirm_publish": True},
    worker_hijack_root_logger=False,
)
counter = redis.Redis.from_url(os.environ["BENCH_REDIS_URL"])


@app.task(name="bench.noop")
def noop(number):
    counter.incr("bench:noop:done")
