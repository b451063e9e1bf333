"""The bundled examples reproduce their seed documents: every seed line, in order."""

from __future__ import annotations

import html

import pytest

from reportgen.model import block_lines
from reportgen.pipeline import Renderer, build_document
from reportgen.readers.docx import docx_lines

from .helpers import EXAMPLES, PLAN_EXAMPLE, PLAN_SEED, RESULT_EXAMPLE, RESULT_SEED, missing_in_order, normalise, seed_lines

CASES = [(PLAN_EXAMPLE, PLAN_SEED), (RESULT_EXAMPLE, RESULT_SEED)]


@pytest.fixture(scope="module")
def renderer():
    return Renderer(("docx",))


@pytest.mark.parametrize("example, seed", CASES, ids=["plan-000", "result-003"])
def test_docx_holds_every_seed_line_in_order(renderer, example, seed):
    data = renderer.render(build_document(example))["docx"]
    expected = seed_lines(seed)
    assert len(expected) > 40
    assert missing_in_order(expected, docx_lines(data)) == []


@pytest.mark.parametrize("example, seed", CASES, ids=["plan-000", "result-003"])
def test_document_model_holds_every_seed_line_in_order(example, seed):
    assert missing_in_order(seed_lines(seed), build_document(example).text_lines()) == []


def test_check_is_strict():
    """The in-order check fails on a changed figure or a swapped pair of lines."""
    lines = build_document(PLAN_EXAMPLE).text_lines()
    expected = seed_lines(PLAN_SEED)
    changed = [line.replace("130,000", "131,000") for line in lines]
    assert missing_in_order(expected, changed)
    i = next(i for i, line in enumerate(lines) if line.startswith("Ⅱ"))
    swapped = lines[: i - 1] + [lines[i], lines[i - 1]] + lines[i + 1 :]
    assert missing_in_order(expected, swapped)


def test_result_example_warns_of_nothing():
    assert build_document(RESULT_EXAMPLE).warnings == []


@pytest.mark.parametrize("example, seed", CASES, ids=["plan-000", "result-003"])
def test_hwpx_holds_every_seed_line_in_order(example, seed):
    from reportgen.readers.hwpx import hwpx_lines

    data = Renderer(("hwpx",)).render(build_document(example))["hwpx"]
    assert missing_in_order(seed_lines(seed), hwpx_lines(data)) == []


# ---------------------------------------------------------------- the result half of the gallery

RESULT_GALLERY = sorted((EXAMPLES / "gallery").glob("result-*.yaml"))


@pytest.fixture(scope="module")
def every_format():
    return Renderer(("docx", "hwpx", "hwp", "html"))


def block_texts(document) -> list[str]:
    """The printed text of every body block (a table cell by cell, a schedule row's what and when)."""
    from reportgen.model import Item, Leader, Paragraph, Table

    out = []
    for block in document.body:
        if isinstance(block, Leader):
            out += [f"{block.marker} {block.text}", block.tail]
        elif isinstance(block, (Item, Paragraph)):
            out.append(block_lines(block)[0])
        elif isinstance(block, Table):
            out += [line.text for row in block.rows for cell in row for line in cell.lines if line.text]
        else:
            out += block_lines(block)
    return [normalise(text) for text in out if text.strip()]


@pytest.mark.parametrize("example", RESULT_GALLERY, ids=[p.stem for p in RESULT_GALLERY])
def test_result_gallery_validates_renders_and_prints_every_block(every_format, example):
    from reportgen.readers.hwpx import hwpx_lines
    from reportgen.records import load_record
    from reportgen.validate import validate_record

    assert len(RESULT_GALLERY) >= 4
    assert validate_record(load_record(example), str(example)) == []
    document = build_document(example)
    assert document.warnings == []
    out = every_format.render(document)
    assert set(out) == {"docx", "hwpx", "hwp", "html"} and all(out.values())
    assert out["hwp"][:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file, as HWP 5 is
    expected = block_texts(document)
    assert missing_in_order(expected, docx_lines(out["docx"])) == []
    assert missing_in_order(expected, hwpx_lines(out["hwpx"])) == []
    page = normalise(out["html"].decode("utf-8"))
    assert all(html.escape(text, quote=False) in page for text in expected if "<" not in text)
