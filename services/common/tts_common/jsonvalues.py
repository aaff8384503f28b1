"""JSON values that arrived from outside, made safe to keep.

PostgreSQL refuses NUL (U+0000) in ``text`` and ``jsonb``, and a message
that failed may not be JSON-shaped at all (tuples, bytes, huge numbers in
floats). ``nul_path`` finds a NUL so a consumer can refuse the message with
a reason; ``storable`` turns anything into a JSON value PostgreSQL will take,
to record what arrived next to why it failed.
"""

import json
from typing import Any

NUL = "\x00"
# What a NUL becomes in a stored copy: U+FFFD REPLACEMENT CHARACTER, the
# standard mark for "a character that could not be represented".
NUL_REPLACEMENT = "\ufffd"
# A stored copy larger than this (in characters of JSON) keeps only its start.
STORED_LIMIT = 64 * 1024


def nul_path(value: Any, path: str = "$") -> str | None:
    """The JSONPath-like location (``$.employee.first_name``, ``$[2]``) of the first NUL in ``value``'s
    strings or keys, or None when there is none."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}"
            if isinstance(key, str) and NUL in key:
                return inner.replace(NUL, NUL_REPLACEMENT)
            found = nul_path(item, inner)
            if found:
                return found.replace(NUL, NUL_REPLACEMENT)
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found:
                return found
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
