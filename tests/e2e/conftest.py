"""The running suite, started exactly as `make run` starts it, on the real servers.

It runs on its own ports (10000 above the contract's), its own databases
(suffix ``_e2e``, dropped first) and its own ``var/`` folder, so it never
meets a developer's `make run`. ``TTS_E2E_PORT_OFFSET`` (default 10000) and
``TTS_E2E_SUFFIX`` (default ``_e2e``, also naming the RabbitMQ vhost) let two
copies run side by side. How it starts: ``tests/e2e/suite.py``.

Tests marked ``disruptive`` (they stop the machine's PostgreSQL and RabbitMQ,
or spoil the suite's data on purpose) run after every other test of the session;
the schemathesis pass (``contract``) runs just before them, after the load test.
"""

import os

import pytest

from tests.e2e.suite import ROOT, Suite, SuiteError, own_vhost, suite_ports, suite_started
from tts_common.testing import answers, unavailable

__all__ = ["PORTS", "PORT_OFFSET", "ROOT", "SUFFIX", "VHOST", "Suite"]

SUFFIX = os.environ.get("TTS_E2E_SUFFIX") or "_e2e"
PORT_OFFSET = int(os.environ.get("TTS_E2E_PORT_OFFSET") or 10000)
PORTS = suite_ports(PORT_OFFSET)
VHOST = "tts" + SUFFIX


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "disruptive: stops the machine's servers or spoils the suite's data; runs after the other tests")
    config.addinivalue_line("markers", "contract: the schemathesis pass (test_api_contract.py), after the load test and before disruptive")


def pytest_collection_modifyitems(config, items) -> None:
    # stable: the rest keep their order; the load test (hundreds of tickets) after the flows that count things;
    # the contract pass (it creates data by the hundred and meets the login throttle) after that
    def rank(item) -> tuple[bool, bool, bool]:
        return tuple(item.get_closest_marker(name) is not None for name in ("disruptive", "contract", "load"))

    items.sort(key=rank)


@pytest.fixture(scope="session")
def suite(rabbitmq_url, redis_url, tmp_path_factory):
    postgres_url = os.environ.get("TTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    if not answers(postgres_url, 5432):
        unavailable(f"PostgreSQL does not answer at {postgres_url}")
    try:
        with suite_started(
            postgres_url=postgres_url,
            broker_url=own_vhost(rabbitmq_url, VHOST),
            redis_url=redis_url,
            var_dir=tmp_path_factory.mktemp("suite-var"),
            database_suffix=SUFFIX,
            port_offset=PORT_OFFSET,
        ) as running:
            yield running
    except SuiteError as error:
        pytest.fail(str(error), pytrace=False)
