"""readers/hwpx.py: the text of our own .hwpx in reading order, shaped like readers/docx.py's."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from reportgen.compose import compose
from reportgen.model import ApprovalGrid, Document, Paragraph, TitleBlock
from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines
from reportgen.records import load_record
from reportgen.writers.docx import DocxWriter
from reportgen.writers.hwpx import HwpxWriter
from tests.helpers import PLAN_EXAMPLE, RESULT_EXAMPLE, missing_in_order, normalise


def document(path):
    return compose(load_record(path), path.parent)


def pieces(doc) -> list[str]:
    """Every printed piece (a line, or a cell of a row) of a document, normalised."""
    return [normalise(p) for line in doc.text_lines() for p in line.split("\t") if normalise(p)]


@pytest.mark.parametrize("example", [PLAN_EXAMPLE, RESULT_EXAMPLE], ids=["plan", "result"])
def test_every_printed_line_in_order(example):
    doc = document(example)
    lines = hwpx_lines(HwpxWriter().write(doc))
    assert missing_in_order(pieces(doc), lines) == []


def test_same_shape_as_docx_reader():
    """Header pairs, grid rows, table rows (a slot under a row span printed empty) match what
    readers/docx.py gives; items differ only in DOCX's tab after the marker."""
    doc = document(PLAN_EXAMPLE)
    ours = [x for x in hwpx_lines(HwpxWriter().write(doc)) if x.strip()]
    word = [x for x in docx_lines(DocxWriter().write(doc)) if x.strip()]
    word = [re.sub(r"^([-□○※·]|\d\))\t", r"\1 ", x) for x in word]
    assert ours[:4] == ["문서번호\t자치행정과-14947", "결재일자\t2015.8.21.", "공개여부\t대시민공개", "방침번호\t구청장 방침 제430호"]
    assert "\t총무팀장\t이민채\t마을공동체담당관\t代고현정" in ours
    assert "\t광역 추진지원단 및 추진단 모니터링 참여" in ours
    assert "사 업 비\t소 계\t24,000\t" in ours
    assert len(ours) == len(word)
    differing = [(a, b) for a, b in zip(ours, word) if a != b]
    assert all(" -\t" in b or "\t-\t" in b for _, b in differing), differing[:3]  # DOCX tabs inside cells


def test_tabs_and_empty_paragraphs():
    doc = Document(
        header=(),
        approval=ApprovalGrid(()),
        cover=None,
        title=TitleBlock("", "제목"),
        body=[Paragraph("a\tb"), Paragraph(""), Paragraph("끝")],
    )
    lines = hwpx_lines(HwpxWriter().write(doc))
    assert "a\tb" in lines and lines[-1] == "끝" and "" in lines


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04 truncated"], ids=["random", "truncated"])
def test_unreadable(data):
    with pytest.raises(ValueError, match="damaged .hwpx"):
        hwpx_lines(data)


def test_zip_without_section():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
    with pytest.raises(ValueError, match="section0"):
        hwpx_lines(buf.getvalue())
