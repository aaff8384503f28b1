"""Prometheus metrics for every service: ``/metrics`` (django-prometheus and prometheus_client).

* ``multiprocess``: where each process writes its figures (set before prometheus_client loads);
* ``collectors``: figures read from the database at scrape time (outbox age, delivery log ...);
* ``workers``: Celery task counts and runtimes from the worker's signals;

A service's own domain metrics live in that service (workflow_api: ``audit/metrics.py``).
* ``asgi``: open WebSocket connections (messaging);
* ``views``: the endpoint and who may read it.

Nothing here is imported by this package's ``__init__``: ``multiprocess`` has to run
before ``prometheus_client`` is imported anywhere in the process.
"""
