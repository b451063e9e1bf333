"""`reportgen preview`: page PNGs of a record, a .docx or a .hwpx/.hwp, to look at a document
without an office suite.

A record is rendered in-process to DOCX and previewed as one. DOCX goes through LibreOffice (PDF)
and pdftoppm; Hangul files through rhwp (SVG per page) and rsvg-convert, the one Linux path that
draws Hangul with the installed Nanum fonts (LibreOffice cannot open .hwpx, rhwp's own PNG export
finds fonts only by exact name). Pages are written DIR/<stem>-<n>.png, n from 1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from . import external
from .config import Config
from .external import ToolTimeout
from .output import write_atomic
from .records import RECORD_SUFFIXES

DPI = 80  # a page fits a screen; enough to read 15pt text
TIMEOUT_S = 120  # for every external program: LibreOffice, pdftoppm, rhwp, rsvg-convert
HINTS = {
    "soffice": "LibreOffice is not installed: apt-get install libreoffice-writer-nogui fonts-nanum",
    "pdftoppm": "pdftoppm is not installed: apt-get install poppler-utils",
    "rsvg-convert": "rsvg-convert is not installed: apt-get install librsvg2-bin fonts-nanum",
}


class PreviewError(Exception):
    """A tool is missing or failed; the message says which and how to install it."""


def preview(path: str | Path, outdir: str | Path, config: Config = Config()) -> list[Path]:
    """PNG pages of `path` in `outdir`; returns their paths in page order. Raises InvalidRecord
    for a bad record, ValueError for an unreadable document, PreviewError for a tool problem."""
    path, outdir = Path(path), Path(outdir)
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        from .pipeline import Renderer, build_document

        data = Renderer(("docx",), config).render(build_document(path, config))["docx"]
        with tempfile.TemporaryDirectory(prefix="reportgen-preview-") as tmp:
            docx = Path(tmp) / f"{path.stem}.docx"
            docx.write_bytes(data)
            return docx_pages(docx, outdir)
    if suffix == ".docx":
        return docx_pages(path, outdir)
    if suffix in (".hwpx", ".hwp"):
        return hangul_pages(path, outdir)
    raise ValueError(f"cannot preview {path.name}: give a record (.json, .yaml), a .docx, .hwpx or .hwp")


def _tool(name: str) -> str:
    found = shutil.which(name) or (shutil.which("libreoffice") if name == "soffice" else None)
    if found is None:
        raise PreviewError(HINTS[name])
    return found


def _run(args: list[str], what: str, *, input: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        done = external.run(args, timeout=TIMEOUT_S, what=what, input=input, env=env)
    except ToolTimeout as exc:
        raise PreviewError(str(exc)) from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PreviewError(f"{what} failed: {err[-1] if err else f'exit {done.returncode}'}")
    return done


def docx_pages(docx: Path, outdir: Path) -> list[Path]:
    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    if not docx.is_file():
        raise ValueError(f"{docx}: no such file")
    if not zipfile.is_zipfile(docx):  # LibreOffice would open it as empty text and print a blank page
        raise ValueError(f"{docx.name}: not a Word document (a .docx is a zip package; this file is empty or corrupt)")
    with tempfile.TemporaryDirectory(prefix="reportgen-preview-") as tmp:
        # A private profile: a second office running (or a stale lock) cannot block the conversion.
        _run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx.resolve()),
            ],
            "LibreOffice (DOCX → PDF)",
            env={**os.environ, "TMPDIR": tmp},
        )  # its pipe sockets go where they are cleaned up
        pdf = Path(tmp) / f"{docx.stem}.pdf"
        if not pdf.exists():  # soffice exits 0 even when it could not load the file
            raise ValueError(f"{docx.name}: LibreOffice could not open it (corrupt .docx?)")
        _run([pdftoppm, "-r", str(DPI), "-png", str(pdf), f"{tmp}/page"], "pdftoppm (PDF → PNG)")
        # pdftoppm pads page numbers to the page count's width (page-01.png …): sort by number
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return _publish([p.read_bytes() for p in pages], docx.stem, outdir)


def hangul_pages(path: Path, outdir: Path) -> list[Path]:
    """rhwp lays the pages out and draws them as SVG in a child process, so a document that keeps
    it busy for minutes (or a panic deep in it) ends in a clear error after TIMEOUT_S."""
    rsvg = _tool("rsvg-convert")
    with tempfile.TemporaryDirectory(prefix="reportgen-preview-") as tmp:
        # The child imports this package from where this process found it.
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")])),
        }
        args = [
            sys.executable,
            "-c",
            "import sys; from reportgen.preview import rhwp_svgs; sys.exit(rhwp_svgs(*sys.argv[1:]))",
            str(path),
            tmp,
        ]
        try:
            done = external.run(args, timeout=TIMEOUT_S, what="rhwp (laying out and drawing the pages)", env=env)
        except ToolTimeout as exc:
            raise PreviewError(str(exc)) from None
        said = [line[len(SAYS) :] for line in done.stderr.decode("utf-8", "replace").splitlines() if line.startswith(SAYS)]
        if done.returncode == EXIT_UNREADABLE:
            raise ValueError(said[-1] if said else f"cannot read {path.name}")
        if done.returncode != 0:
            raise PreviewError(said[-1] if said else f"rhwp failed (exit {done.returncode})")
        svgs = sorted(Path(tmp).glob("page-*.svg"), key=lambda p: int(p.stem.split("-")[1]))
        pngs = [_run([rsvg, "-b", "white", "-f", "png"], "rsvg-convert (SVG → PNG)", input=svg.read_bytes()).stdout for svg in svgs]
    return _publish(pngs, path.stem, outdir)


SAYS = "reportgen: "  # how the child's own message stands out from rhwp's chatter on stderr
EXIT_UNREADABLE = 3


def rhwp_svgs(path: str, outdir: str) -> int:
    """The child's side of hangul_pages: every page of the .hwpx/.hwp at `path` as
    OUTDIR/page-N.svg. Exit 0, EXIT_UNREADABLE for a corrupt or protected file, 1 without rhwp."""
    from .readers.hwp import check_hwp, load_rhwp, rhwp_call

    try:
        rhwp = load_rhwp()
    except ImportError as exc:
        print(f"{SAYS}{exc}", file=sys.stderr)
        return 1
    suffix = Path(path).suffix
    try:
        data = Path(path).read_bytes()
        if suffix.lower() == ".hwp":
            check_hwp(data)  # a clear message for a password or a truncated file
        doc = rhwp_call(suffix, rhwp.Document.from_bytes, data)
        for page in range(doc.page_count):
            Path(outdir, f"page-{page + 1}.svg").write_text(rhwp_call(suffix, doc.render_svg, page), encoding="utf-8")
    except (ValueError, OSError) as exc:
        print(f"{SAYS}{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return 0


def _publish(pngs: list[bytes], stem: str, outdir: Path) -> list[Path]:
    """Write the pages, and remove pages left from an earlier, longer version of the document
    (a stale page 7 of a now 5-page document would mislead)."""
    written = []
    for n, png in enumerate(pngs, 1):
        target = outdir / f"{stem}-{n}.png"
        write_atomic(target, png)
        written.append(target)
    pattern = re.compile(rf"{re.escape(stem)}-(\d+)\.png")
    for old in outdir.glob(f"{stem}-*.png"):
        m = pattern.fullmatch(old.name)
        if m and int(m[1]) > len(pngs):
            old.unlink()
    return written
