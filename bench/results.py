"""Writing a benchmark's figures into its own marked block of docs/benchmarks.md."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_results(name: str, text: str) -> Path:
    """Replace the block between ``<!-- name:begin -->`` and ``<!-- name:end -->`` (or append it)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in existing:
        before, rest = existing.split(begin, 1)
        existing = before + block + rest.split(end, 1)[1]
    else:
        existing = existing.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(existing)
    return RESULTS
