"""``{{name}}`` placeholders in snippets: which there are, and filling them in.

Deliberately not a template engine: one regular-expression pass replaces each ``{{ name }}`` (spaces inside the
braces allowed) by its value as plain text. Nothing is executed, nothing is escaped (the comment is plain text and
the console shows it as text), and a value is never read again: a requester named ``{{ticket_number}}`` stays
exactly that. Any other ``{{...}}`` is refused when the snippet is saved (:func:`unknown_placeholders`).
"""

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

PLACEHOLDERS: dict[str, str] = {
    "ticket_number": "The ticket's number, e.g. TX20251119000123.",
    "subject": "The ticket's subject.",
    "priority": "Low, Medium, High or Critical.",
    "status": "The task's status (pending, in_progress, on_hold, completed, ...).",
    "category": "The ticket's category.",
    "requester_first_name": "The requester's first name.",
    "requester_last_name": "The requester's last name.",
    "requester_name": "The requester's first and last name.",
    "requester_email": "The requester's email address.",
    "agent_first_name": "The first name of the person inserting the snippet.",
    "agent_name": "The full name of the person inserting the snippet.",
}


def unknown_placeholders(text: str) -> list[str]:
    """The ``{{...}}`` of ``text`` that name no known placeholder, in order of first appearance, each once."""
    unknown: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    return unknown


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``{{name}}`` replaced by ``values[name]`` (blank when missing), in one pass;
    an unknown one is left as written."""

    def value_of(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return str(values.get(name, ""))

    return PLACEHOLDER.sub(value_of, text)
