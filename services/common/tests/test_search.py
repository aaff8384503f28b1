"""tts_common.search: the SQLite fallback's words and highlighter, and ``?q=`` validation."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tts_common.search import HIGHLIGHT_START as ON
from tts_common.search import HIGHLIGHT_STOP as OFF
from tts_common.search import SearchQuerySerializer, highlight, search_terms, strip_markers

MARKED = re.compile(f"{ON}(.*?){OFF}", re.DOTALL)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("printer", ["printer"]),
        ('printer -toner "black screen"', ["printer", "toner", "black", "screen"]),
        ("laptop or Laptop OR desktop", ["laptop", "desktop"]),
        ("  ", []),
    ],
)
def test_search_terms_drop_the_operators(text, terms):
    assert search_terms(text) == terms


def test_highlight_marks_every_match_in_the_window_any_case():
    marked = highlight("Printer jammed; the printer PRINTER", ["printer"])

    assert marked == f"{ON}Printer{OFF} jammed; the {ON}printer{OFF} {ON}PRINTER{OFF}"
    assert highlight("nothing here", ["printer"]) == ""
    assert highlight("a <script>printer</script>", ["printer"]) == f"a <script>{ON}printer{OFF}</script>"  # text, not HTML


def test_a_long_text_is_cut_around_the_first_match():
    text = "x " * 200 + "needle" + " y" * 200

    snippet = highlight(text, ["needle"], max_chars=60)

    assert snippet.startswith("…") and snippet.endswith("…") and f"{ON}needle{OFF}" in snippet
    assert len(strip_markers(snippet)) <= 62


@given(text=st.text(max_size=300), terms=st.lists(st.text(min_size=1, max_size=5), max_size=3))
def test_a_snippet_is_the_text_with_only_the_terms_marked(text, terms):
    snippet = highlight(text, terms)

    if not snippet:
        return
    plain = strip_markers(snippet).removeprefix("…").removesuffix("…")
    assert plain in strip_markers(text)
    assert snippet.count(ON) == snippet.count(OFF) >= 1
    assert all(any(marked.casefold() == term.casefold() for term in terms) for marked in MARKED.findall(snippet))


@given(text=st.text(max_size=50))
def test_stored_markers_never_survive(text):
    assert ON not in highlight(f"{ON}{text}{OFF}", []) and ON not in strip_markers(f"{ON}{text}{OFF}")


@pytest.mark.parametrize(("params", "valid"), [({"q": "printer"}, True), ({"q": " "}, False), ({}, False), ({"q": "p" * 201}, False)])
def test_q_is_one_to_two_hundred_characters(params, valid):
    assert SearchQuerySerializer(data=params).is_valid() is valid
