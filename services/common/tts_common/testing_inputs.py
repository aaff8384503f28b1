"""Property-based checks of a service's HTTP edges: arbitrary input never makes a 500.

Each service's test names its writable endpoints (with a valid body to start
from) and its list endpoints (with their query parameters), as an authorised
caller, and calls :func:`check_writes` and :func:`check_lists`. Hypothesis
then sends:

- bodies: any JSON value at the top, or the valid body with some fields
  replaced by any JSON value (``None``, booleans, huge integers, floats incl.
  ``NaN``/``Infinity`` tokens and ``1e400``, text incl. ``"\\x00"`` and lone
  surrogates, lists, objects) and unknown keys added, or JSON nested deeper
  than :data:`~tts_common.validation.MAX_JSON_DEPTH`;
- query strings: any text (incl. ``"\\x00"``) for the named parameters and for
  ``page``, ``page_size``, ``ordering`` and ``search``;

and asserts every answer is below 500. The test client re-raises an unhandled
exception, so a failure shows its traceback and the smallest input found.
Examples per endpoint: ``TTS_FUZZ_EXAMPLES`` (default 15); the run is
derandomized, so CI sees the same inputs every time.
"""

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tts_common.validation import MAX_JSON_DEPTH

NASTY_TEXT = ["\x00", "a\x00b", "\ud800", "\udfff x", "", " ", "9" * 400, "../../etc/passwd", "'; DROP TABLE x; --", "😀", "ﬃ"]
EDGE_INTEGERS = [0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**12, 10**30]
QUERY_EDGE_TEXT = ["\x00", "-1", "0", "99999999999999999999", "2026-01-01T00:00:00-20:00", "0001-01-01T00:00:00+05:00", "true", "[]", "%"]


def examples() -> int:
    return int(os.environ.get("TTS_FUZZ_EXAMPLES", "15"))


def fuzz_settings(max_examples: int | None = None):
    """Hypothesis settings for these checks and the consumers' (:mod:`tts_common.testing_consumers`):
    derandomized, ``TTS_FUZZ_EXAMPLES`` examples (15) unless ``max_examples``, no deadline."""
    return settings(
        max_examples=max_examples or examples(),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def json_text() -> st.SearchStrategy[str]:
    """Text as it may arrive in JSON: anything, plus NUL, lone surrogates and other trouble."""
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40), st.text(alphabet=st.characters(codec=None), max_size=10))


def json_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(EDGE_INTEGERS),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        json_text(),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value, small: scalars, lists and objects of them, a few levels deep."""
    return st.recursive(
        json_scalars(),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(json_text(), inner, max_size=4)),
        max_leaves=12,
    )


def deep_json_text() -> st.SearchStrategy[str]:
    depths = st.sampled_from([MAX_JSON_DEPTH + 1, 1_000, 10_000])
    return depths.flatmap(lambda depth: st.sampled_from(["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth]))


def as_json_text(value: Any) -> str:
    # allow_nan writes NaN/Infinity tokens, which strict JSON parsers must refuse; ensure_ascii sends lone surrogates as \ud800.
    return json.dumps(value, allow_nan=True)


def bodies(valid: dict[str, Any]) -> st.SearchStrategy[str]:
    """JSON texts: arbitrary values, ``valid`` with fields replaced or added, deep nesting."""
    names = sorted(valid) or ["name"]
    mutated = st.tuples(
        st.dictionaries(st.sampled_from(names), json_values(), min_size=1, max_size=len(names)),
        st.dictionaries(json_text(), json_values(), max_size=2),
    ).map(lambda changes: as_json_text({**valid, **changes[1], **changes[0]}))
    return st.one_of(mutated, mutated, json_values().map(as_json_text), deep_json_text())


@dataclass
class Write:
    """A writable endpoint: ``method`` ``path`` with a body that ``valid`` shows the shape of."""

    method: str
    path: str | Callable[[], str]
    valid: dict[str, Any] = field(default_factory=dict)

    def url(self) -> str:
        return self.path() if callable(self.path) else self.path


@dataclass
class Listing:
    """A list endpoint and the query parameters it reads."""

    path: str
    params: Iterable[str] = ()


def _one_request(send: Callable[[], Any]):
    # Each request in a savepoint of its own: DRF marks the enclosing atomic block for rollback on
    # any error answer, and outside ATOMIC_REQUESTS (auth's sign-in views) that block is the test's.
    with transaction.atomic():
        return send()


def _assert_below_500(response, what: str) -> None:
    if response.status_code >= 500:
        raise AssertionError(f"{what} answered {response.status_code}: {getattr(response, 'content', b'')[:500]!r}")


def _send_bodies(client, write: Write, max_examples: int | None, headers: dict[str, str]):
    @fuzz_settings(max_examples)
    @given(body=bodies(write.valid))
    def send(body: str) -> None:
        url = write.url()
        response = _one_request(lambda: getattr(client, write.method.lower())(url, data=body, content_type="application/json", **headers))
        _assert_below_500(response, f"{write.method} {url} with {body[:300]!r}")

    return send


def _send_queries(client, listing: Listing, max_examples: int | None, headers: dict[str, str]):
    names = sorted({*listing.params, "page", "page_size", "ordering", "search"})
    values = st.one_of(st.sampled_from(QUERY_EDGE_TEXT), st.text(alphabet=st.characters(codec="utf-8"), max_size=30))

    @fuzz_settings(max_examples)
    @given(query=st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=4))
    def send(query: dict[str, str]) -> None:
        response = _one_request(lambda: client.get(listing.path, query, **headers))
        _assert_below_500(response, f"GET {listing.path} with {query!r}")

    return send


def check_writes(client, writes: Iterable[Write], *, max_examples: int | None = None, headers: dict[str, str] | None = None) -> None:
    """For each of ``writes``, send arbitrary JSON bodies with ``client`` (a DRF ``APIClient``,
    authorised) and assert each answer is 2xx, 3xx or 4xx."""
    for write in writes:
        _send_bodies(client, write, max_examples, headers or {})()


def check_lists(client, listings: Iterable[Listing], *, max_examples: int | None = None, headers: dict[str, str] | None = None) -> None:
    """For each of ``listings``, send arbitrary query strings and assert each answer is below 500."""
    for listing in listings:
        _send_queries(client, listing, max_examples, headers or {})()
