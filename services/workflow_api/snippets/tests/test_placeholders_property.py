"""Property: filling placeholders is one plain substitution: nothing executed, nothing escaped, no value read again."""

from hypothesis import given
from hypothesis import strategies as st

from snippets.placeholders import PLACEHOLDERS, fill, unknown_placeholders

names = st.sampled_from(list(PLACEHOLDERS))
plain = st.text(max_size=30).filter(lambda text: "{" not in text and "}" not in text)
anything = st.text(max_size=40)  # braces, template tags, HTML, placeholders of its own included
values = st.fixed_dictionaries(dict.fromkeys(PLACEHOLDERS, anything))


@given(parts=st.lists(st.tuples(plain, names), max_size=6), tail=plain, values=values, spaces=st.sampled_from(["", " ", "  "]))
def test_each_placeholder_becomes_its_value_verbatim(parts, tail, values, spaces):
    text = "".join(f"{before}{{{{{spaces}{name}{spaces}}}}}" for before, name in parts) + tail

    assert fill(text, values) == "".join(before + values[name] for before, name in parts) + tail
    assert unknown_placeholders(text) == []


@given(text=plain, values=values)
def test_text_without_placeholders_is_unchanged(text, values):
    assert fill(text, values) == text


@given(name=names, value=anything)
def test_a_value_is_never_expanded_again_nor_escaped(name, value):
    hostile = dict.fromkeys(PLACEHOLDERS, "{{ticket_number}}{% now 'Y' %}<b>&amp;") | {name: value}

    assert fill("{{" + name + "}}", hostile) == value
    assert fill("{{ticket_number}}", hostile) == hostile["ticket_number"]


@given(name=st.text(min_size=1, max_size=20).filter(lambda n: "{" not in n and "}" not in n and n.strip() not in PLACEHOLDERS))
def test_an_unknown_name_is_reported_and_left_as_written(name):
    text = "Hi {{" + name + "}}"

    assert unknown_placeholders(text) == [name.strip()]
    assert fill(text, {}) == text
