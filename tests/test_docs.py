"""docs.py: docs/records.md is generated from the schemas and the examples, and kept current.

If test_records_md_is_current fails, a schema (or an example) changed after docs/records.md was
written. Regenerate it with one command and commit the result:

    .venv/bin/python -m reportgen.docs
"""

from __future__ import annotations

from reportgen.docs import DOC, KINDS, records_markdown
from reportgen.schemas import inlined_schema


def test_records_md_is_current():
    """Run `.venv/bin/python -m reportgen.docs` and commit docs/records.md when this fails."""
    assert DOC.read_text(encoding="utf-8") == records_markdown(), "docs/records.md is stale: run .venv/bin/python -m reportgen.docs"


def test_every_field_of_every_kind_is_documented():
    text = records_markdown()
    for kind in KINDS:
        assert f"## {kind}" in text
        for field in inlined_schema(kind)["properties"]:
            if field != "$schema":
                assert f"| `{field}` |" in text, (kind, field)


def test_every_body_block_has_an_example():
    text = records_markdown()
    blocks = text.split("#### The body blocks", 1)[1].split("\n### ", 1)[0]
    names = [line.split("**")[1] for line in blocks.splitlines() if line.startswith("**")]
    assert {"paragraph", "table", "image", "section", "item"} <= set(names)
    for name in names:
        after = blocks.split(f"**{name}**", 1)[1].split("\n**", 1)[0]
        assert "```yaml" in after, f"no example for the {name} block"
