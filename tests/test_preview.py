"""reportgen.preview and `reportgen preview`: page PNGs of a record, a .docx (LibreOffice +
pdftoppm) and a .hwpx/.hwp (rhwp + rsvg-convert). Tool-dependent tests skip when a tool is missing,
unless CI is set: there a missing tool is a failure."""

from __future__ import annotations

import os
import shutil
import struct

import pytest
from click.testing import CliRunner

from reportgen import preview as preview_mod
from reportgen.cli.tools import preview as preview_cmd
from reportgen.compose import compose
from reportgen.preview import PreviewError, preview
from reportgen.records import load_record
from reportgen.writers import writer_class
from tests.helpers import PLAN_EXAMPLE

PNG = b"\x89PNG\r\n\x1a\n"


def need(*tools: str, rhwp: bool = False) -> None:
    missing = [t for t in tools if shutil.which(t) is None and not (t == "soffice" and shutil.which("libreoffice"))]
    if rhwp:
        try:
            from reportgen.readers.hwp import load_rhwp

            load_rhwp()
        except ImportError:
            missing.append("rhwp-python")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI: preview needs {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG
    return struct.unpack(">II", data[16:24])


def check_pages(pages, outdir, stem, at_least=3):
    assert [p.name for p in pages] == [f"{stem}-{n}.png" for n in range(1, len(pages) + 1)]
    assert len(pages) >= at_least  # cover, body pages
    for page in pages:
        assert page.parent == outdir and page.stat().st_size > 5000  # something was drawn
        width, height = png_size(page)
        assert 1.3 < height / width < 1.5  # A4 portrait


@pytest.fixture(scope="module")
def plan_doc():
    return compose(load_record(PLAN_EXAMPLE), PLAN_EXAMPLE.parent)


def test_record_via_docx(tmp_path):
    """A record is rendered to DOCX in-process and converted: pages at 80 dpi (A4 ≈ 661 px wide)."""
    need("soffice", "pdftoppm")
    pages = preview(PLAN_EXAMPLE, tmp_path)
    check_pages(pages, tmp_path, PLAN_EXAMPLE.stem)
    assert abs(png_size(pages[0])[0] - 661) <= 2


@pytest.mark.parametrize("fmt", ["hwpx", "hwp"])
def test_hangul(tmp_path, plan_doc, fmt):
    need("rsvg-convert", rhwp=True)
    if fmt == "hwp":
        pytest.importorskip("hwpx.hwp5.writer", reason="python-hwpx (HWP 5 writer) not installed")
    src = tmp_path / f"plan.{fmt}"
    src.write_bytes(writer_class(fmt)(None).write(plan_doc))
    out = tmp_path / "pages"
    check_pages(preview(src, out), out, "plan")


def test_stale_pages_removed(tmp_path, plan_doc):
    need("rsvg-convert", rhwp=True)
    src = tmp_path / "plan.hwpx"
    src.write_bytes(writer_class("hwpx")(None).write(plan_doc))
    (tmp_path / "plan-99.png").write_bytes(b"old")
    (tmp_path / "plan-notes.png").write_bytes(b"not a page")
    pages = preview(src, tmp_path)
    assert not (tmp_path / "plan-99.png").exists() and (tmp_path / "plan-notes.png").exists()
    assert len(pages) < 99


def test_cli_prints_pages(tmp_path, plan_doc):
    need("rsvg-convert", rhwp=True)
    src = tmp_path / "plan.hwpx"
    src.write_bytes(writer_class("hwpx")(None).write(plan_doc))
    result = CliRunner().invoke(preview_cmd, [str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    assert printed and all(line.endswith(".png") and os.path.exists(line) for line in printed)


def test_cli_invalid_record(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: plan\ntitle: 제목\n", encoding="utf-8")
    result = CliRunner().invoke(preview_cmd, [str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "bad.yaml:$" in result.stderr and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.png"))


def test_cli_unknown_kind_of_file(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(preview_cmd, [str(other), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "cannot preview notes.txt" in result.stderr


def test_cli_encrypted_hwp(tmp_path, plan_doc):
    pytest.importorskip("hwpx.hwp5.writer", reason="python-hwpx (HWP 5 writer) not installed")
    pytest.importorskip("olefile")
    need("rsvg-convert", rhwp=True)
    from tests.readers.test_hwp import with_flags

    src = tmp_path / "locked.hwp"
    src.write_bytes(with_flags(writer_class("hwp")(None).write(plan_doc), 0x02, tmp_path))
    result = CliRunner().invoke(preview_cmd, [str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "password-protected" in result.stderr
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "missing, package", [("soffice", "libreoffice-writer-nogui"), ("pdftoppm", "poppler-utils"), ("rsvg-convert", "librsvg2-bin")]
)
def test_missing_tool_names_the_package(tmp_path, monkeypatch, missing, package):
    real = shutil.which
    monkeypatch.setattr(
        preview_mod.shutil, "which", lambda name: None if name in (missing, "libreoffice") else real(name) or f"/usr/bin/{name}"
    )
    src = tmp_path / ("x.docx" if missing != "rsvg-convert" else "x.hwpx")
    src.write_bytes(b"PK")
    with pytest.raises(PreviewError, match=package):
        preview(src, tmp_path)
    result = CliRunner().invoke(preview_cmd, [str(src), "-o", str(tmp_path)])
    assert result.exit_code == 1 and package in result.stderr


def test_missing_rhwp_names_the_pip_package(tmp_path, monkeypatch):
    # rhwp runs in a child process: an `rhwp` that fails to import, ahead of the installed one on
    # the child's path, is what a machine without rhwp-python looks like to it.
    (tmp_path / "shadow" / "rhwp").mkdir(parents=True)
    (tmp_path / "shadow" / "rhwp" / "__init__.py").write_text("raise ImportError('No module named rhwp')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "shadow"))
    monkeypatch.setattr(preview_mod.shutil, "which", lambda name: f"/usr/bin/{name}")
    src = tmp_path / "x.hwpx"
    src.write_bytes(b"PK")
    with pytest.raises(PreviewError, match="pip install rhwp-python"):
        preview(src, tmp_path)


def test_an_empty_docx_is_refused(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    result = CliRunner().invoke(preview_cmd, [str(empty), "-o", str(tmp_path / "png")])
    assert result.exit_code == 1 and "not a Word document" in result.output
    assert not (tmp_path / "png").exists() or not list((tmp_path / "png").iterdir())


# ------------------------------------------------------------------ time limits (real slow inputs)
# Runs tens of thousands of characters long keep rhwp and LibreOffice busy for minutes (issue 13's
# fuzzing found 34k–60k-character runs of combining marks and ZWJ emoji): under a short limit the
# preview must end with one clear line, and leave no process of the tool behind.


def slow_document(text: str):
    from dataclasses import replace

    from reportgen.model import Cell, Paragraph, Signer, Table
    from tests.writers.test_hwpx import small_document

    doc = small_document()
    grid = replace(doc.approval, signers=(*doc.approval.signers, Signer("주무관", text)))
    table = Table(
        rows=((Cell((Paragraph("구분"),)), Cell((Paragraph("내용"),))), (Cell((Paragraph("가"),)), Cell((Paragraph(text),)))), widths=(1, 3)
    )
    return replace(doc, approval=grid, body=[*doc.body, table])


def leftover(marker: str, settle_s: float = 10) -> list[str]:
    """Live processes whose command line names `marker` (a path unique to the test), once a killed
    process has had `settle_s` to die (SIGKILL is delivered asynchronously)."""
    import time

    deadline = time.monotonic() + settle_s
    while (found := _running(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _running(marker: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().split(")")[-1].split()[0]
        except OSError:
            continue
        if marker in cmd and state != "Z":
            found.append(cmd[:200])
    return found


def test_rhwp_past_the_time_limit_is_stopped(tmp_path, monkeypatch):
    need("rsvg-convert", rhwp=True)
    src = tmp_path / "combining.hwpx"
    src.write_bytes(writer_class("hwpx")().write(slow_document("a" + "\u0300" * 40000)))
    monkeypatch.setattr(preview_mod, "TIMEOUT_S", 1)
    with pytest.raises(PreviewError, match=r"^rhwp \(laying out and drawing the pages\) took longer than 1 s and was stopped$"):
        preview(src, tmp_path / "out")
    assert leftover(str(src)) == [] and not (tmp_path / "out").exists()


def test_libreoffice_past_the_time_limit_is_stopped(tmp_path, monkeypatch):
    need("soffice", "pdftoppm")
    src = tmp_path / "emoji.docx"
    src.write_bytes(writer_class("docx")().write(slow_document("👨\u200d👩\u200d👧\u200d👦" * 6000)))
    monkeypatch.setattr(preview_mod, "TIMEOUT_S", 1)
    result = CliRunner().invoke(preview_cmd, [str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{src}: LibreOffice (DOCX → PDF) took longer than 1 s and was stopped"
    assert leftover(str(src)) == []
