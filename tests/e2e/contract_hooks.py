"""schemathesis hooks for the API contract pass (tests/e2e/test_api_contract.py), loaded by the CLI
through ``SCHEMATHESIS_HOOKS=tests.e2e.contract_hooks``.

The pass signs in as an administrator, who may change or delete anything; the
tests that run after it (the disruptive ones) need the suite's own data as it
was: the bootstrap administrator, the demo workflow, the templates. So every
object that existed before the pass is protected: a request that would change
one (POST, PUT, PATCH or DELETE on a path naming it) is sent for an id that
names nothing instead, and is answered 404. Objects the pass creates itself
are fair game.

``TTS_CONTRACT_PROTECTED`` names a JSON file ``{"<path template>": {"<parameter>":
["<value>", ...]}}``, written by the test before it starts the CLI.
"""

import json
import os

import schemathesis

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOTHING_ID = 2**31 - 1  # an integer id no row of the suite's has
NOTHING_NAME = "protected-by-the-contract-pass"


def _protected() -> dict[str, dict[str, set[str]]]:
    path = os.environ.get("TTS_CONTRACT_PROTECTED")
    if not path:
        return {}
    with open(path) as file:
        raw = json.load(file)
    return {template: {name: set(values) for name, values in parameters.items()} for template, parameters in raw.items()}


PROTECTED = _protected()


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() not in UNSAFE_METHODS:
        return
    protected = PROTECTED.get(case.operation.path, {})
    for name, values in protected.items():
        value = (case.path_parameters or {}).get(name)
        if value is not None and str(value) in values:
            case.path_parameters[name] = NOTHING_ID if isinstance(value, int) else NOTHING_NAME
