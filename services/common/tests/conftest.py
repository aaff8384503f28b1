import pytest

from tests.celery_app import app  # noqa: F401  (the current Celery app in these tests)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
