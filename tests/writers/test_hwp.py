"""HwpWriter: an HWP 5.0 compound file that pyhwp, python-hwpx and rhwp read back with the text."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.writers.test_hwpx import load_rhwp, realistic_document, render_pages, small_document

pytest.importorskip("hwpx.hwp5.writer", reason="python-hwpx (HWP 5 writer) not installed")

from reportgen.model import Document, Paragraph, Signer  # noqa: E402
from reportgen.writers.hwp import HwpWriter, filetime_safe  # noqa: E402

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def pyhwp_tool(name: str) -> str | None:
    """pyhwp's command, also when the venv's bin is not on PATH (`.venv/bin/python -m pytest`)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


@pytest.fixture(scope="module")
def writer():
    return HwpWriter()


def normalized(text: str) -> str:
    return " ".join(text.split())


def assert_lines_in_order(lines: list[str], text: str) -> None:
    text, pos = normalized(text), 0
    for line in lines:
        for piece in (normalized(x) for x in line.split("\t")):
            if piece:
                found = text.find(piece, pos)
                assert found >= 0, f"{piece!r} (of {line!r}) missing or out of order"
                pos = found + len(piece)


def test_compound_file_and_deterministic(writer, tmp_path):
    doc = realistic_document(tmp_path)
    data = writer.write(doc)
    assert data[:8] == OLE_MAGIC
    assert writer.write(doc) == data


@pytest.mark.skipif(pyhwp_tool("hwp5html") is None, reason="pyhwp (hwp5html) not installed")
def test_pyhwp_reads_text(writer, tmp_path):
    """pyhwp's HTML export keeps tables (hwp5txt prints a placeholder for them)."""
    doc = realistic_document(tmp_path)
    path = tmp_path / "plan.hwp"
    path.write_bytes(writer.write(doc))
    subprocess.run([pyhwp_tool("hwp5html"), "--output", str(tmp_path / "html"), str(path)], check=True, timeout=120, capture_output=True)
    xhtml = (tmp_path / "html" / "index.xhtml").read_text(encoding="utf-8")
    body = xhtml[xhtml.find("<body") :]
    assert_lines_in_order(doc.text_lines(), html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.skipif(pyhwp_tool("hwp5txt") is None, reason="pyhwp (hwp5txt) not installed")
def test_pyhwp_markup_literal(writer, tmp_path):
    path = tmp_path / "small.hwp"
    path.write_bytes(writer.write(small_document()))
    out = subprocess.run([pyhwp_tool("hwp5txt"), str(path)], check=True, capture_output=True, timeout=120).stdout.decode()
    assert '{{ 7*7 }} <b>굵게</b> & "따옴표" {% if x %}' in out


def test_python_hwpx_reads_back(writer, tmp_path):
    from hwpx import HwpxDocument

    doc = realistic_document(tmp_path)
    back = HwpxDocument.open(writer.write(doc))
    text = "\n".join(p.text for p in back.paragraphs)
    assert "찾아가는 동 주민센터 추진지원단 구성 및 운영 계획" in text
    assert not back.conversion_report or not back.conversion_report.unconverted


@pytest.mark.skipif(load_rhwp() is None or shutil.which("rsvg-convert") is None, reason="rhwp-python or rsvg-convert not installed")
def test_render_every_page(writer, tmp_path):
    doc = realistic_document(tmp_path)
    path = tmp_path / "plan.hwp"
    path.write_bytes(writer.write(doc))
    pngs = render_pages(path, tmp_path)
    assert len(pngs) >= 3
    assert all(p.stat().st_size > 5000 for p in pngs)


# ------------------------------------------------------------------ the HWP 5 stream (fuzz regressions)

DATA = Path(__file__).resolve().parents[1] / "data" / "hwp"
# Records whose .hwp made rhwp panic ("range start index … out of range") while their .hwpx rendered:
# the converter wrote paragraphs without PARA_LINE_SEG, which Hangul always writes. They are issue
# 13's fuzz reproducers made valid under today's bounds (noncharacters dropped, texts ≤ 19,000
# characters, ≤ 12 signers, r500356 reduced to its trigger: a 1,250-character name in its approval
# cell) — each still panics rhwp with the old stream. (r500122 no longer did once valid: left out.)
PANICKED = sorted(p.name for p in DATA.glob("r5*"))
TAG_PARA_HEADER, TAG_PARA_LINE_SEG = 66, 69


def paragraph_records(hwp: bytes) -> list[tuple[int, int]]:
    """(characters, line segments) of every paragraph of every BodyText section, read from the
    records themselves (HWP 5.0 spec: 32-bit record header = tag 10 bits, level 10, size 12)."""
    import olefile

    out = []
    with olefile.OleFileIO(hwp) as ole:
        for stream in sorted(s for s in ole.listdir() if s[0] == "BodyText"):
            data, i = zlib.decompress(ole.openstream(stream).read(), -15), 0
            while i < len(data):
                (head,) = struct.unpack_from("<I", data, i)
                tag, size, i = head & 0x3FF, head >> 20, i + 4
                if size == 0xFFF:
                    (size,), i = struct.unpack_from("<I", data, i), i + 4
                if tag == TAG_PARA_HEADER:
                    nchars, _, _, _, _, _, _, nlines = struct.unpack_from("<IIHBBHHH", data, i)
                    out.append([nchars & 0x7FFFFFFF, nlines, 0])
                elif tag == TAG_PARA_LINE_SEG:
                    out[-1][2] = size // 36
                i += size
    assert all(declared == stored for _, declared, stored in out), "PARA_HEADER's line count disagrees with PARA_LINE_SEG"
    return [(n, lines) for n, lines, _ in out]


def rhwp_pages(data: bytes) -> int:
    """Lay out and draw every page (a panic would raise); the page count."""
    doc = load_rhwp().Document.from_bytes(data)
    for page in range(doc.page_count):
        assert "<svg" in doc.render_svg(page)
    return doc.page_count


def test_every_paragraph_has_its_lines(writer, tmp_path):
    paragraphs = paragraph_records(writer.write(realistic_document(tmp_path)))
    assert len(paragraphs) > 50 and all(lines >= 1 for _, lines in paragraphs)
    assert any(lines > 1 for _, lines in paragraphs)  # laid out: long paragraphs wrap


def long_name_document() -> Document:
    """The shape of r500356 reduced: a signer's name of 1,250 characters in its approval cell, whose
    paragraph splits across pages — rhwp panicked on the .hwp, not on the .hwpx."""
    doc = small_document()
    grid = doc.approval
    signers = (grid.signers[0], Signer("주무관", "가" * 1250)) + grid.signers[1:]
    return replace(doc, approval=replace(grid, signers=signers))


@pytest.mark.skipif(load_rhwp() is None, reason="rhwp-python not installed")
def test_long_cell_paragraph_lays_out_like_the_hwpx(writer):
    doc = long_name_document()
    data = writer.write(doc)
    assert max(lines for _, lines in paragraph_records(data)) > 100  # the long name, broken into lines
    assert rhwp_pages(data) == rhwp_pages(writer._hwpx.write(doc))


@pytest.mark.skipif(load_rhwp() is None, reason="rhwp-python not installed")
@pytest.mark.parametrize("name", PANICKED)
def test_fuzz_reproducers_render_in_rhwp(writer, name):
    from reportgen.pipeline import prepare

    data = writer.write(prepare(DATA / name).document)
    assert all(lines >= 1 for _, lines in paragraph_records(data))
    assert rhwp_pages(data) >= 1


@pytest.mark.skipif(pyhwp_tool("hwp5txt") is None, reason="pyhwp (hwp5txt) not installed")
@pytest.mark.parametrize("name", PANICKED)
def test_fuzz_reproducers_read_in_pyhwp(writer, name, tmp_path):
    from reportgen.pipeline import prepare

    path = tmp_path / f"{name}.hwp"
    path.write_bytes(writer.write(prepare(DATA / name).document))
    out = subprocess.run([pyhwp_tool("hwp5txt"), str(path)], capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")[-500:]
    assert len(out.stdout) > 200  # the text, not an empty read


def test_nominal_lines_when_layout_would_be_slow(writer):
    """Paragraphs of many thousand characters are not given to rhwp's quadratic line breaking:
    every paragraph still gets a line, and rhwp still draws the document."""
    doc = small_document()
    doc = replace(doc, body=[*doc.body, Paragraph("가" * 5000)])
    data = writer.write(doc)
    assert all(lines == 1 for _, lines in paragraph_records(data))
    if load_rhwp() is not None:
        assert rhwp_pages(data) >= 1


def test_date_before_filetime_epoch(writer):
    """FILETIME counts from 1601: an older date leaves the stamps empty instead of crashing with
    struct.error (validation now keeps 결재일자 within 1900–2999; the writer takes any Document)."""
    import olefile
    from hwpx.hwp5.summary import CREATED, DATE_TEXT, LAST_SAVED, read_summary

    def summary(data: bytes) -> dict:
        with olefile.OleFileIO(data) as ole:
            return read_summary(ole.openstream("\x05HwpSummaryInformation").read())

    doc = replace(small_document(), meta_date="1600-12-31")
    old = summary(writer.write(doc))
    assert old[CREATED] == old[LAST_SAVED] == 0 and old[DATE_TEXT] == "1600-12-31"
    assert summary(writer.write(replace(doc, meta_date="1601-01-02")))[CREATED] == 864_000_000_000


def test_filetime_safe_keeps_later_dates():
    meta = b'<opf:meta name="CreatedDate" content="text">%s</opf:meta>'
    assert filetime_safe(meta % b"1600-12-31T00:00:00Z") == meta % b""
    assert filetime_safe(meta % b"0999-01-01T00:00:00Z") == meta % b""
    assert filetime_safe(meta % b"1601-01-01T00:00:00Z") == meta % b"1601-01-01T00:00:00Z"
