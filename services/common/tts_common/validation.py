"""What a request may carry: text PostgreSQL can store, JSON of a sane depth.

PostgreSQL refuses U+0000 in ``text`` and ``jsonb`` (psycopg raises before the
query is sent), ``jsonb`` refuses infinity, and UTF-8 cannot encode a lone surrogate (``"\\ud800"`` is valid
JSON, yet not a character). Python's ``json`` gives up with ``RecursionError``
around 1,000 levels. The parsers (:mod:`tts_common.parsers`) and the query
middleware (:mod:`tts_common.middleware`) apply these rules to every request,
so a view never sees such a value; the queues' consumers can apply them too.

The messages are DRF's own (``ProhibitNullCharactersValidator``,
``ProhibitSurrogateCharactersValidator``), so a body refused here reads like
one refused by a serializer field.
"""

import json
import math
from collections.abc import Iterable
from typing import Any

MAX_JSON_DEPTH = 64
NULL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Surrogate characters are not allowed: U+{code_point:X}."
DEPTH_MESSAGE = f"JSON nested deeper than {MAX_JSON_DEPTH} levels."
NOT_FINITE_MESSAGE = "Numbers must be finite (1e400 reads as infinity)."


class JsonTooDeepError(ValueError):
    """A JSON document nested deeper than :data:`MAX_JSON_DEPTH` (or than ``json`` can parse)."""

    def __init__(self) -> None:
        super().__init__(DEPTH_MESSAGE)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (a NUL, a lone surrogate), or None when it can."""
    if "\x00" in text:
        return NULL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return SURROGATE_MESSAGE.format(code_point=ord(text[error.start]))
    return None


def printable_key(key: str) -> str:
    """``key`` as an error can name it: NUL as ``\\u0000``, a lone surrogate as ``\\ud800``."""
    return key.replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def unstorable_values(value: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"extras.asset_name": ["Null characters are not allowed."], ...}`` for every string
    (value or key) in ``value`` that cannot be stored, and every float that is not finite
    (JSON's ``1e400`` parses as infinity, which neither ``jsonb`` nor the JSON renderer
    takes); ``{}`` when all can.

    Paths join dict keys and list indexes with dots (``steps.0.name``); a value
    that is itself a bad string is named by ``prefix`` (``"non_field_errors"``
    when that is empty). Raises :class:`JsonTooDeepError` past :data:`MAX_JSON_DEPTH`
    levels. Iterative, so any depth is safe to walk.
    """
    problems: dict[str, list[str]] = {}
    pending: list[tuple[Any, str, int]] = [(value, prefix, 0)]
    while pending:
        item, path, depth = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                problems.setdefault(path or "non_field_errors", []).append(problem)
            continue
        if isinstance(item, float) and not math.isfinite(item):
            problems.setdefault(path or "non_field_errors", []).append(NOT_FINITE_MESSAGE)
            continue
        if isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise JsonTooDeepError
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, inner in pairs:
                key_text = str(key)
                key_problem = text_problem(key_text) if isinstance(key, str) else None
                if key_problem:
                    problems.setdefault(_join(path, printable_key(key_text)), []).append(key_problem)
                    continue
                pending.append((inner, _join(path, key_text), depth + 1))
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
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise JsonTooDeepError
            pending.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
