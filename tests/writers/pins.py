"""Pinned bytes of a writer's output (tests/data/<format>_pinned/sha256.txt): one line per document —
the whole file's sha256, 12 hex digits of each named part's, the document's name. A rewrite meant to
keep the bytes keeps every line; test_docx_pinned.py and test_hwpx_pinned.py name their corpus and parts."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path


def pin_line(name: str, data: bytes, parts: tuple[str, ...]) -> str:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        hashes = [hashlib.sha256(zf.read(p)).hexdigest()[:12] for p in parts]
    return " ".join([hashlib.sha256(data).hexdigest(), *hashes, name])


def read_pins(folder: Path) -> dict[str, str]:
    lines = (folder / "sha256.txt").read_text("utf-8").splitlines()
    return {line.rsplit(" ", 1)[1]: line for line in lines}


def assert_pinned(corpus, folder: Path, parts: tuple[str, ...], tmp: Path, what: str) -> None:
    """Every document of `corpus(tmp)` gives its pinned line; a failure names the parts that moved."""
    pins = read_pins(folder)
    made = {name: pin_line(name, data, parts) for name, data in corpus(tmp)}
    assert list(made) == list(pins)  # the same corpus, in the same order
    changed = [name for name in pins if made[name] != pins[name]]
    moved = sorted({parts[i] for n in changed for i, (a, b) in enumerate(zip(made[n].split()[1:-1], pins[n].split()[1:-1])) if a != b})
    assert changed == [], f"{len(changed)} of {len(pins)} {what} files changed (parts: {moved}): {changed[:10]}"


def write_pins(corpus, folder: Path, parts: tuple[str, ...]) -> None:
    """Write the pins (run by hand, before a change meant to keep the bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        lines = [pin_line(name, data, parts) for name, data in corpus(Path(tmp))]
    (folder / "sha256.txt").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(lines)} documents pinned in {folder}")
