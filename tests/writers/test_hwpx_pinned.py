"""The HWPX writer's bytes, pinned: every document of a fixed corpus must give exactly the .hwpx
it gave when the pins were taken (tests/data/hwpx_pinned/), so a rewrite of the writer that
changes one byte of any part fails here.

The corpus: every example and gallery record (with and without its covering 기안문), records
drawn once by hypothesis from tests/strategies.py and stored (records.json, so later changes to
the strategies do not move the corpus), and the hand-built documents of test_hwpx.py under the
built-in header, the official template, an indented copy of it and a restyled copy. sha256.txt
holds each whole file's sha256, then a short hash of each part a document changes, so a failure
names the part that moved.

Re-pin (only when the output is meant to change): .venv/bin/python -m tests.writers.test_hwpx_pinned
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from lxml import etree

from reportgen.compose import compose
from reportgen.config import Config
from reportgen.errors import InvalidRecord
from reportgen.model import Image, Leader
from reportgen.pipeline import prepare
from reportgen.writers.hwpx import HwpxWriter

from ..helpers import EXAMPLES, photo_block
from .pins import assert_pinned, read_pins, write_pins
from .test_hwpx import TEMPLATE, pretty_template, realistic_document, small_document

PINNED = Path(__file__).resolve().parents[1] / "data" / "hwpx_pinned"
# Parts that differ between documents; the others are constants of the writer (covered by the whole file's hash).
PARTS = ("Contents/section0.xml", "Contents/header.xml", "Contents/content.hpf", "Preview/PrvText.txt")


def _records() -> list[Path]:
    found = [*EXAMPLES.glob("*.json"), *EXAMPLES.glob("*.yaml"), *(EXAMPLES / "gallery").glob("*.yaml")]
    return sorted(found, key=lambda p: (p.parent != EXAMPLES, p.name))


def _template_copy(tmp: Path, name: str, header: bytes) -> Path:
    out = tmp / name
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, header if info.filename == "Contents/header.xml" else src.read(info))
    return out


def _restyled(tmp: Path) -> Path:
    """The template with 'RG body' at 13 pt, as an organisation might restyle it in Hangul."""
    head = etree.fromstring(zipfile.ZipFile(TEMPLATE).read("Contents/header.xml"))
    hh = "{http://www.hancom.co.kr/hwpml/2011/head}"
    body = next(s for s in head.iter(hh + "style") if s.get("name") == "RG body")
    next(c for c in head.iter(hh + "charPr") if c.get("id") == body.get("charPrIDRef")).set("height", "1300")
    return _template_copy(tmp, "restyled.hwpx", etree.tostring(head, encoding="UTF-8"))


def _test_documents(tmp: Path) -> dict:
    leader = small_document()
    leader.body = [Leader("○", "보완 조치 확인", "12. 4.(월)", 2), Leader("", "끝 & <x>", "\t꼬리", 5)]
    bmp = tmp / "photo.bmp"
    bmp.write_bytes(_bmp(30, 12))
    photos = small_document()
    photos.body = [
        photo_block(bmp, caption="BMP 사진", width_mm=60),
        Image(name="없음 <&>.png", caption="", width_mm=40, height_mm=30),
    ]
    return {
        "realistic": realistic_document(tmp),
        "realistic-50-rows": realistic_document(tmp, big_rows=50),
        "small": small_document(),
        "leader": leader,
        "photos": photos,
    }


def _bmp(w: int, h: int) -> bytes:
    """A 24-bit BMP of one colour, made here (no image library, so the bytes never move)."""
    import struct

    row = (b"\x3c\x3c\xc8" * w).ljust((w * 3 + 3) // 4 * 4, b"\0")
    pixels = row * h
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def record_documents():
    """(name, document) for every example and gallery record (with its covering 기안문 when the record
    names the agency) and every stored hypothesis record, in a fixed order — both pinned writers' corpus."""
    letters = Config(cover_letter=True)
    for path in _records():
        stem = f"{'gallery' if path.parent != EXAMPLES else 'example'}/{path.stem}"
        try:
            documents = prepare(path, letters).documents(stem)
        except InvalidRecord:
            documents = prepare(path).documents(stem)
        yield from documents.items()
    for i, record in enumerate(_stored_records()):
        yield f"hypothesis/{i:02}", compose(record, EXAMPLES)


def corpus(tmp: Path):
    """(name, .hwpx bytes) for every document of the corpus, in a fixed order."""
    plain = HwpxWriter()
    for name, doc in record_documents():
        yield name, plain.write(doc)
    templates = {
        "": plain,
        "official": HwpxWriter(TEMPLATE),
        "pretty": HwpxWriter(pretty_template(tmp)),
        "restyled": HwpxWriter(_restyled(tmp)),
    }
    for name, doc in _test_documents(tmp).items():
        for template, writer in templates.items():
            yield f"test/{name}" + (f"@{template}" if template else ""), writer.write(doc)


def _stored_records() -> list[dict]:
    lines = (PINNED / "records.jsonl").read_text("utf-8").split("\n")  # (not splitlines: records hold U+2028)
    return [json.loads(line) for line in lines if line]


def test_every_document_gives_its_pinned_bytes(tmp_path):
    assert_pinned(corpus, PINNED, PARTS, tmp_path, ".hwpx")


def test_the_pins_cover_what_they_claim():
    pins = read_pins(PINNED)
    distinct = {line.split()[0] for line in pins.values()}  # (the official template gives the built-in header's bytes)
    assert len(pins) >= 60 and len(distinct) == len(pins) - 5  # five documents × official
    assert {n.split("/")[0] for n in pins} == {"example", "gallery", "hypothesis", "test"}
    assert any(n.endswith("-기안문") for n in pins)  # covering letters


def _draw_records(count: int) -> list[dict]:
    """`count` records that validate, drawn once (derandomised) from tests/strategies.py, each
    giving a document unlike the examples' and each other's."""
    from hypothesis import HealthCheck, given, settings

    from reportgen.validate import validate_record

    from ..strategies import records

    writer, drawn = HwpxWriter(), []
    seen = {hashlib.sha256(writer.write(prepare(p).document)).digest() for p in _records()}

    @settings(derandomize=True, database=None, max_examples=count * 8, suppress_health_check=list(HealthCheck), deadline=None)
    @given(records(max_mutations=3))
    def draw(record):
        if len(drawn) < count and not validate_record(record, "r.json"):
            digest = hashlib.sha256(writer.write(compose(record, EXAMPLES))).digest()
            if digest not in seen:
                seen.add(digest)
                drawn.append(record)

    draw()
    return drawn


def pin(count: int = 24) -> None:
    """Write the corpus' records and pins (run by hand, before a change meant to keep the bytes)."""
    PINNED.mkdir(parents=True, exist_ok=True)
    records = _draw_records(count)
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    (PINNED / "records.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    write_pins(corpus, PINNED, PARTS)


if __name__ == "__main__":
    pin()
