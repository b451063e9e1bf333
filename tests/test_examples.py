"""The bundled examples reproduce their seed documents: every seed line, in order."""

from __future__ import annotations

import pytest

from reportgen.pipeline import Renderer, build_document
from reportgen.readers.docx import docx_lines

from .helpers import PLAN_EXAMPLE, PLAN_SEED, RESULT_EXAMPLE, RESULT_SEED, missing_in_order, seed_lines

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
