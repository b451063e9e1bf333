"""Shared test helpers: the seeds, and the in-order line check used for every format."""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import unicodedata
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of the seed dumps, so every clone has them
PLAN_SEED = SEEDS / "000_613b72481376ee17.txt"
RESULT_SEED = SEEDS / "003_b975282b5cf97bfb.txt"
PLAN_EXAMPLE = EXAMPLES / "plan-chatdong-support-team.json"
RESULT_EXAMPLE = EXAMPLES / "result-chatdong-100days.json"


def normalise(text: str) -> str:
    """Compare text, not typography: compatibility forms folded (Ⅲ = III, full-width = half-width),
    HTML list markup of the web dump dropped, whitespace runs collapsed."""
    text = re.sub(r"<[^>]+>", " ", html.unescape(text))
    return " ".join(unicodedata.normalize("NFKC", text).split())


def seed_lines(path: Path) -> list[str]:
    return [line for line in (normalise(raw) for raw in path.read_text(encoding="utf-8").splitlines()) if line]


def missing_in_order(expected: list[str], actual_lines: list[str]) -> list[str]:
    """The expected lines that cannot be found, in order, in the actual text."""
    haystack = " ".join(normalise(line) for line in actual_lines)
    missing, pos = [], 0
    for line in expected:
        found = haystack.find(line, pos)
        if found < 0:
            missing.append(line)
        else:
            pos = found + len(line)
    return missing


def photo(kind: str, w: int = 40, h: int = 20) -> bytes:
    """A real GIF, BMP, JPEG or PNG that decodes whole (Pillow), for tests of other image kinds."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (w, h), (200, 60, 60)).save(out, format=kind.upper())
    return out.getvalue()


def png(w: int = 40, h: int = 20, rgb: tuple[int, int, int] = (200, 60, 60)) -> bytes:
    """A real PNG of one colour, made here so tests need no image files or libraries."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def photo_block(path, caption: str = "", **size):
    """An Image block as the composer makes it from a file: the decoded photo, or None (a placeholder)
    when the file is absent or not an image."""
    from reportgen.images import decode_photo
    from reportgen.model import Image

    path = Path(path)
    photo = decode_photo(path.read_bytes()) if path.is_file() else None
    return Image(path.name, caption, photo=photo, source=path.name, **size)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless Debian chromium on a machine with no network: no background fetches, no sandbox as root.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium():
    """A launched browser for the browser tests (use as a module fixture): Debian's chromium driven by
    Playwright; missing pieces fail the run in CI (setup installs them) and skip it elsewhere."""
    import pytest

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        missing = "playwright (pip install playwright)" if sync_playwright is None else "chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is needed for the browser tests")
        pytest.skip(f"{missing} is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
