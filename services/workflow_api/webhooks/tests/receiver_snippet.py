"""The receiver's verification snippet, read from docs/api.md ("Webhooks") so the tests run the documented text."""

from pathlib import Path

DOC = Path(__file__).resolve().parents[4] / "docs" / "api.md"
BEGIN, END = "<!-- webhook-verify:begin -->", "<!-- webhook-verify:end -->"


def snippet_text() -> str:
    text = DOC.read_text(encoding="utf-8")
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    return block.strip().removeprefix("```python").removesuffix("```").strip() + "\n"


def documented_verify():
    """The documented ``verify(secret, header, body, tolerance=300) -> bool``."""
    namespace: dict = {}
    exec(compile(snippet_text(), str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]
