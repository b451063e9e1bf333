"""HwpWriter: an HWP 5.0 compound file that pyhwp, python-hwpx and rhwp read back with the text."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from tests.writers.test_hwpx import load_rhwp, realistic_document, render_pages, small_document

pytest.importorskip("hwpx.hwp5.writer", reason="python-hwpx (HWP 5 writer) not installed")

from reportgen.writers.hwp import HwpWriter  # noqa: E402

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


@pytest.mark.skipif(shutil.which("hwp5html") is None, reason="pyhwp (hwp5html) not installed")
def test_pyhwp_reads_text(writer, tmp_path):
    """pyhwp's HTML export keeps tables (hwp5txt prints a placeholder for them)."""
    doc = realistic_document(tmp_path)
    path = tmp_path / "plan.hwp"
    path.write_bytes(writer.write(doc))
    subprocess.run(["hwp5html", "--output", str(tmp_path / "html"), str(path)], check=True, timeout=120, capture_output=True)
    xhtml = (tmp_path / "html" / "index.xhtml").read_text(encoding="utf-8")
    body = xhtml[xhtml.find("<body") :]
    assert_lines_in_order(doc.text_lines(), html.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.mark.skipif(shutil.which("hwp5txt") is None, reason="pyhwp (hwp5txt) not installed")
def test_pyhwp_markup_literal(writer, tmp_path):
    path = tmp_path / "small.hwp"
    path.write_bytes(writer.write(small_document()))
    out = subprocess.run(["hwp5txt", str(path)], check=True, capture_output=True, timeout=120).stdout.decode()
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
