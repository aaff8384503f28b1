"""What PostgreSQL cannot store in a JSON value, where it is, and how to make the value storable.

The one owner of these rules, for both sides: the HTTP edge
(:mod:`tts_common.validation`, through the parsers and the query middleware)
and the queues' consumers (intake, notification, the dead-letter table).

PostgreSQL refuses U+0000 in ``text`` and ``jsonb`` (psycopg raises before the
query is sent), ``jsonb`` refuses NaN and infinity, and UTF-8 cannot encode a
lone surrogate (``"\\ud800"`` is valid JSON, yet not a character). JSON nested
deeper than :data:`MAX_JSON_DEPTH` levels is refused too (Python's ``json``
gives up with ``RecursionError`` around 1,000).

- :func:`text_problem` says why one string cannot be stored;
- :func:`unstorable` walks a value and yields each offending string, key or
  number with its path (a tuple of keys and indexes), in document order;
  :func:`dotted_path` (``steps.0.name``) and :func:`json_path`
  (``$.steps[0].name``) write such a path; :func:`nul_path` is the first NUL's;
- :func:`storable` turns anything into a JSON value PostgreSQL will take, to
  record what arrived next to why it failed.

The messages are DRF's own (``ProhibitNullCharactersValidator``,
``ProhibitSurrogateCharactersValidator``), so a body refused at the edge reads
like one refused by a serializer field.
"""

import json
import math
from collections.abc import Iterator
from typing import Any

NUL = "\x00"
# What a NUL becomes in a stored copy: U+FFFD REPLACEMENT CHARACTER, the
# standard mark for "a character that could not be represented".
NUL_REPLACEMENT = "\ufffd"
# A stored copy larger than this (in characters of JSON) keeps only its start.
STORED_LIMIT = 64 * 1024
MAX_JSON_DEPTH = 64

NULL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Surrogate characters are not allowed: U+{code_point:X}."
NOT_FINITE_MESSAGE = "Numbers must be finite (1e400 reads as infinity)."

Path = tuple[str | int, ...]


class JsonTooDeepError(ValueError):
    """A JSON value nested deeper than ``max_depth`` (:data:`MAX_JSON_DEPTH`) levels."""

    def __init__(self, max_depth: int = MAX_JSON_DEPTH) -> None:
        super().__init__(f"JSON nested deeper than {max_depth} levels.")
        self.max_depth = max_depth


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (:data:`NULL_MESSAGE`, :data:`SURROGATE_MESSAGE`), or None when it can."""
    if NUL in text:
        return NULL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return SURROGATE_MESSAGE.format(code_point=ord(text[error.start]))
    return None


def unstorable(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> Iterator[tuple[Path, str]]:
    """``(path, problem)`` for every string (value or key) that cannot be stored and every float
    that is not finite in ``value``, in document order; a bad key is reported and its value not walked.

    ``path`` is the keys and list indexes from the top (``("steps", 0, "name")``; ``()`` for
    ``value`` itself). Dicts, lists and tuples are walked; other values pass. Raises
    :class:`JsonTooDeepError` on reaching a container ``max_depth`` levels down. Iterative, so any
    depth is safe to walk.
    """
    pending: list[tuple[Any, Path, int, str | None]] = [(value, (), 0, None)]
    while pending:
        item, path, depth, key_problem = pending.pop()
        if key_problem:
            yield path, key_problem
        elif isinstance(item, str):
            problem = text_problem(item)
            if problem:
                yield path, problem
        elif isinstance(item, float) and not math.isfinite(item):
            yield path, NOT_FINITE_MESSAGE
        elif isinstance(item, dict | list | tuple):
            if depth >= max_depth:
                raise JsonTooDeepError(max_depth)
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            children = [(inner, (*path, key), depth + 1, text_problem(key) if isinstance(key, str) else None) for key, inner in pairs]
            pending.extend(reversed(children))


def check_depth(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise :class:`JsonTooDeepError` when ``value`` has a dict or list ``max_depth`` levels down."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= max_depth:
                raise JsonTooDeepError(max_depth)
            pending.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))


def printable_key(key: str) -> str:
    """``key`` as an error can name it: NUL as ``\\u0000``, a lone surrogate as ``\\ud800``."""
    return key.replace(NUL, "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")


def dotted_path(path: Path, prefix: str = "") -> str:
    """``path`` as DRF names a field: ``prefix.steps.0.name`` (keys printable, see :func:`printable_key`)."""
    return ".".join([prefix] * bool(prefix) + [printable_key(str(part)) for part in path])


def json_path(path: Path, root: str = "$") -> str:
    """``path`` JSONPath-like: ``$.employee.first_name``, ``$[2]``; a NUL in a key shown as U+FFFD."""
    text = root + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.replace(NUL, NUL_REPLACEMENT)


def nul_path(value: Any, path: str = "$") -> str | None:
    """The :func:`json_path` (rooted at ``path``) of the first NUL in ``value``'s strings or keys,
    or None when there is none. Raises :class:`JsonTooDeepError` past :data:`MAX_JSON_DEPTH` levels."""
    for where, problem in unstorable(value):
        if problem == NULL_MESSAGE:
            return json_path(where, path)
    return None


def _text(value: str) -> str:
    """NUL and lone surrogates (which PostgreSQL refuses too) as U+FFFD."""
    return value.replace(NUL, NUL_REPLACEMENT).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _without_nul(value: Any) -> Any:  # RecursionError on absurd depth: storable() catches it
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return {_text(str(key)): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(item) for item in value]
    return value


def storable(value: Any, *, limit: int = STORED_LIMIT) -> Any:
    """A JSON value PostgreSQL's ``jsonb`` stores, as close to ``value`` as it can be.

    NUL (and a lone surrogate) in strings and keys becomes U+FFFD; a value that is not JSON-shaped
    (or has NaN/infinity) becomes ``{"repr": "<its repr>"}``; a value whose JSON
    exceeds ``limit`` characters becomes ``{"truncated": "<its first limit
    characters of JSON>", "length": <its full length>}``. Never raises.
    """
    try:
        text = json.dumps(_without_nul(value), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        text = None
    if text is None:
        try:
            shown = repr(value)[:limit]
        except RecursionError:
            shown = f"<{type(value).__name__} nested too deeply to show>"
        return {"repr": _without_nul(shown)}
    if len(text) > limit:
        return {"truncated": text[:limit], "length": len(text)}
    return json.loads(text)
