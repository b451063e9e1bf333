"""The DOCX writer's bytes, pinned as test_hwpx_pinned.py pins the HWPX writer's: every document of
the same corpus — every example and gallery record (with its covering 기안문), the records drawn
once by hypothesis (tests/data/hwpx_pinned/records.jsonl) and the hand-built test documents — must
give exactly the .docx it gave when the pins were taken (tests/data/docx_pinned/), so a change to
the writer, wordml.py, docxtemplate.py or package.py that moves one byte fails here. sha256.txt
holds each whole file's sha256, then a short hash of each part a document changes.

Re-pin (only when the output is meant to change): .venv/bin/python -m tests.writers.test_docx_pinned
"""

from __future__ import annotations

from pathlib import Path

from reportgen.writers.docx import DocxWriter

from .pins import assert_pinned, read_pins, write_pins
from .test_hwpx_pinned import _test_documents, record_documents

PINNED = Path(__file__).resolve().parents[1] / "data" / "docx_pinned"
PARTS = ("word/document.xml", "docProps/core.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")


def corpus(tmp: Path):
    """(name, .docx bytes) for every document of the corpus, in a fixed order."""
    writer = DocxWriter()
    for name, doc in record_documents():
        yield name, writer.write(doc)
    for name, doc in _test_documents(tmp).items():
        yield f"test/{name}", writer.write(doc)


def test_every_document_gives_its_pinned_bytes(tmp_path):
    assert_pinned(corpus, PINNED, PARTS, tmp_path, ".docx")


def test_the_pins_cover_what_they_claim():
    pins = read_pins(PINNED)
    assert len(pins) >= 45 and len({line.split()[0] for line in pins.values()}) == len(pins)
    assert {n.split("/")[0] for n in pins} == {"example", "gallery", "hypothesis", "test"}
    assert any(n.endswith("-기안문") for n in pins)  # covering letters


def pin() -> None:
    """Write the pins (run by hand, before a change meant to keep the bytes)."""
    write_pins(corpus, PINNED, PARTS)


if __name__ == "__main__":
    pin()
