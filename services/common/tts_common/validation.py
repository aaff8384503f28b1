"""What a request may carry: text PostgreSQL can store, JSON of a sane depth.

The rules themselves (what PostgreSQL cannot store, the depth limit, the
messages, how a path is named) are :mod:`tts_common.jsonvalues`'s, shared with
the queues' consumers; this module applies them to request bodies and query
parameters. The parsers (:mod:`tts_common.parsers`) and the query middleware
(:mod:`tts_common.middleware`) call it on every request, so a view never sees
such a value.
"""

import json
from collections.abc import Iterable
from typing import Any

from tts_common.jsonvalues import (
    MAX_JSON_DEPTH,
    NOT_FINITE_MESSAGE,
    NULL_MESSAGE,
    SURROGATE_MESSAGE,
    JsonTooDeepError,
    check_depth,
    dotted_path,
    printable_key,
    text_problem,
    unstorable,
)

__all__ = [
    "DEPTH_MESSAGE",
    "MAX_JSON_DEPTH",
    "NOT_FINITE_MESSAGE",
    "NULL_MESSAGE",
    "SURROGATE_MESSAGE",
    "JsonTooDeepError",
    "multi_value_problems",
    "parse_json",
    "printable_key",
    "text_problem",
    "unstorable_values",
]

DEPTH_MESSAGE = str(JsonTooDeepError())


def unstorable_values(value: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"extras.asset_name": ["Null characters are not allowed."], ...}`` for every string
    (value or key) in ``value`` that cannot be stored, and every float that is not finite
    (JSON's ``1e400`` parses as infinity, which neither ``jsonb`` nor the JSON renderer
    takes); ``{}`` when all can.

    Paths join dict keys and list indexes with dots (``steps.0.name``, see
    :func:`~tts_common.jsonvalues.dotted_path`); a value that is itself a bad string is
    named by ``prefix`` (``"non_field_errors"`` when that is empty). Raises
    :class:`JsonTooDeepError` past :data:`MAX_JSON_DEPTH` levels. Any depth is safe to walk.
    """
    problems: dict[str, list[str]] = {}
    for path, problem in unstorable(value):
        problems.setdefault(dotted_path(path, prefix) or "non_field_errors", []).append(problem)
    return problems


def multi_value_problems(items: Iterable[tuple[str, list[Any]]]) -> dict[str, list[str]]:
    """The same for a ``QueryDict``'s ``lists()`` (query parameters, form fields): each key, and
    each of its string values, checked; non-strings (uploaded files) are skipped."""
    problems: dict[str, list[str]] = {}
    for key, values in items:
        key_problem = text_problem(key)
        if key_problem:
            problems.setdefault(printable_key(key), []).append(key_problem)
            continue
        for value in values:
            value_problem = text_problem(value) if isinstance(value, str) else None
            if value_problem:
                problems.setdefault(key, []).append(value_problem)
    return problems


def parse_json(text: str | bytes) -> Any:
    """``json.loads`` that refuses depth: raises :class:`JsonTooDeepError` past :data:`MAX_JSON_DEPTH`
    levels, ``ValueError`` (``json.JSONDecodeError``) when ``text`` is not JSON.

    Strings are not checked here; pass the result to :func:`unstorable_values`.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise JsonTooDeepError from None
    check_depth(value)
    return value
