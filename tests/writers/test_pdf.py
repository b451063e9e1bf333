from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.pipeline import build_document
from reportgen.writers import writer_class
from reportgen.writers.pdf import INSTALL_HINT, LibreOfficeMissing, PdfWriter, find_soffice, fixed_pdf

from ..helpers import EXAMPLES, PLAN_EXAMPLE, RESULT_EXAMPLE

PAGE_EXAMPLE = EXAMPLES / "page-chatdong-foundation.json"
needs_office = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"), reason="LibreOffice is not installed (scripts/setup.sh installs it)"
)


@pytest.fixture(scope="module")
def writer():
    w = PdfWriter()
    yield w
    w.close()


def pdftext(data: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_registered_as_pdf():
    assert writer_class("pdf") is PdfWriter and PdfWriter.ext == "pdf"


@needs_office
@pytest.mark.parametrize("example", [PLAN_EXAMPLE, RESULT_EXAMPLE, PAGE_EXAMPLE], ids=["plan", "result", "page"])
def test_fonts_are_embedded_and_text_is_there(writer, example, tmp_path):
    data = writer.write(build_document(example))
    assert data.startswith(b"%PDF-")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and any("Nanum" in line for line in fonts)
    for line in fonts:  # columns: name type encoding emb sub uni object ID
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)[1] == "yes", line
    flat = re.sub(r"\s", "", pdftext(data, tmp_path))
    title = build_document(example).title.title
    assert re.sub(r"\s", "", title) in flat


@needs_office
def test_no_gap_between_hangul_and_digits(writer, tmp_path):
    """Official documents print 17개동 and 12개월, never 17 개동: Word honours the DOCX's
    autoSpaceDE/DN="0", and the PDF's office is told the same."""
    text = pdftext(writer.write(build_document(PLAN_EXAMPLE)), tmp_path)
    assert "17개동" in text and "12개월" in text


@needs_office
def test_page_figures_are_printed(writer, tmp_path):
    flat = re.sub(r"\s", "", pdftext(writer.write(build_document(PAGE_EXAMPLE)), tmp_path))
    assert "민선7기인력충원:724명" in flat and "조성목표:총75개소" in flat and "정보제공부서:자치행정과" in flat


@needs_office
def test_one_office_serves_every_document(writer):
    if not writer.long_lived:
        pytest.skip("python3-uno is not installed: every call starts its own soffice")
    document = build_document(RESULT_EXAMPLE)
    first = writer.write(document)
    office = writer._office.pid
    assert writer.write(document) == first  # same bytes: clock time and file ID are fixed
    assert writer._office.pid == office and writer._office.poll() is None


@needs_office
def test_close_stops_the_office_and_a_later_write_starts_one():
    w = PdfWriter()
    w.write(build_document(PLAN_EXAMPLE))
    office = w._office
    w.close()
    if office is not None:
        assert office.poll() is not None
    assert w.write(build_document(PLAN_EXAMPLE)).startswith(b"%PDF-")
    w.close()


@needs_office
def test_cold_fallback_gives_the_same_pages(writer, tmp_path):
    cold = PdfWriter(long_lived=False)
    try:
        assert not cold.long_lived
        document = build_document(PLAN_EXAMPLE)
        # The same text; only the long-lived office can also switch off LibreOffice's Hangul–digit gap.
        flat = [re.sub(r"\s", "", pdftext(w.write(document), tmp_path)) for w in (cold, writer)]
        assert flat[0] == flat[1]
    finally:
        cold.close()


def test_fixed_pdf_overwrites_clock_and_id_in_place():
    raw = (
        b"%PDF-1.6\n/CreationDate(D:20261122022215Z')\ntrailer\n<</ID [ <"
        + b"A" * 32
        + b">\n<"
        + b"B" * 32
        + b"> ]\n/DocChecksum /"
        + b"C" * 32
        + b"\n>>\n%%EOF\n"
    )
    fixed = fixed_pdf(raw, "2015-08-21")
    assert len(fixed) == len(raw) and b"/CreationDate(D:20150821000000Z')" in fixed
    assert b"A" * 32 not in fixed and b"B" * 32 not in fixed and fixed == fixed_pdf(raw, "2015-08-21")


def test_missing_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LibreOfficeMissing, match=re.escape(INSTALL_HINT)):
        PdfWriter()
    assert isinstance(LibreOfficeMissing(INSTALL_HINT), RuntimeError)


def test_cli_without_libreoffice_writes_the_other_formats(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(PLAN_EXAMPLE), "-o", str(out), "-f", "docx,pdf,html"])
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["plan-chatdong-support-team.docx", "plan-chatdong-support-team.html"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_cli_renders_pdf(tmp_path):
    result = CliRunner().invoke(main, ["render", str(PAGE_EXAMPLE), "-o", str(tmp_path), "-f", "pdf,html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page-chatdong-foundation.pdf").read_bytes().startswith(b"%PDF-")


@needs_office
@pytest.mark.parametrize("long_lived", [True, False], ids=["long-lived office", "cold soffice"])
def test_a_document_past_the_time_limit_stops_the_office(long_lived, monkeypatch):
    """A real slow input (a table cell of 24,000 ZWJ emoji keeps LibreOffice busy for minutes):
    one clear error, no office process left, and the next document converts in a fresh office."""
    import reportgen.writers.pdf as pdf_mod
    from reportgen.external import ToolTimeout
    from tests.test_preview import leftover, slow_document
    from tests.writers.test_hwpx import small_document

    w = PdfWriter(long_lived=long_lived)
    try:
        monkeypatch.setattr(pdf_mod, "CONVERT_TIMEOUT_S", 1)
        with pytest.raises(ToolTimeout, match=r"LibreOffice .*took longer than 1 s .*was stopped"):
            w.write(slow_document("👨\u200d👩\u200d👧\u200d👦" * 6000))
        assert leftover(w._dir) == []
        monkeypatch.setattr(pdf_mod, "CONVERT_TIMEOUT_S", 120)
        assert w.write(small_document()).startswith(b"%PDF-")
    finally:
        w.close()
    assert leftover(w._dir) == []
