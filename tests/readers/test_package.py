"""reportgen.readers.package: ZIP packages opened under size and part caps, XML without entities."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from reportgen.readers import package
from reportgen.readers.package import Package


def make_zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_reads_a_part_and_parses_xml():
    pkg = Package(make_zip({"a.xml": b"<r><x>1</x></r>"}), ".hwpx")
    assert pkg.xml("a.xml").findtext("x") == "1"


def test_zip_bomb_is_refused_while_inflating(monkeypatch):
    monkeypatch.setattr(package, "MAX_PART_BYTES", 1 << 20)
    bomb = make_zip({"word/document.xml": b"<a>" + b" " * (3 << 20) + b"</a>"})
    assert len(bomb) < 20_000  # 3 MB of spaces deflate to a few KB
    with pytest.raises(ValueError, match=r"refused \.docx: word/document\.xml decompresses to more than 1 MB"):
        Package(bomb, ".docx").read("word/document.xml")


def test_total_size_is_capped(monkeypatch):
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 1 << 20)
    pkg = Package(make_zip({"a": b"x" * 700_000, "b": b"y" * 700_000}), ".hwpx")
    pkg.read("a")
    with pytest.raises(ValueError, match="refused .hwpx: b decompresses"):
        pkg.read("b")


def test_too_many_parts(monkeypatch):
    monkeypatch.setattr(package, "MAX_PARTS", 50)
    with pytest.raises(ValueError, match="refused .hwpx: 51 parts"):
        Package(make_zip({f"p{i}": b"" for i in range(51)}), ".hwpx")


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;&c;&c;&c;&c;&c;&c;&c;&c;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>',
    ],
    ids=["xxe-file", "entity-expansion", "external-dtd"],
)
def test_doctype_and_entities_refused(doc):
    with pytest.raises(ValueError, match="declares a DOCTYPE"):
        Package(make_zip({"a.xml": doc}), ".docx").xml("a.xml")


@pytest.mark.parametrize(
    "part, message",
    [
        (b"\xff\xfe\x00garbage<<<", "is not well-formed XML"),
        ("<r>한글</r>".encode("euc-kr"), "is not well-formed XML"),
        (b"", "is not well-formed XML|is empty"),
    ],
    ids=["binary", "wrong-encoding", "empty"],
)
def test_damaged_xml_is_one_line_in_words(part, message):
    with pytest.raises(ValueError, match=message) as info:
        Package(make_zip({"Contents/section0.xml": part}), ".hwpx").xml("Contents/section0.xml")
    assert "\n" not in str(info.value) and "codec" not in str(info.value)


def test_missing_part_and_not_a_zip():
    with pytest.raises(ValueError, match="the part x.xml is missing"):
        Package(make_zip({"a": b""}), ".docx").read("x.xml")
    with pytest.raises(ValueError, match="damaged .docx: its ZIP structure cannot be read"):
        Package(b"PK\x03\x04" + b"\x00" * 100, ".docx")


def test_corrupt_deflate_stream():
    text = random.Random(1).randbytes(3000).hex().encode()
    good = make_zip({"a.xml": b"<r>" + text + b"</r>"})
    start = good.index(b"a.xml") + 105  # inside the deflated data, far from the central directory
    bad = good[:start] + bytes(b ^ 0x5A for b in good[start : start + 40]) + good[start + 40 :]
    with pytest.raises(ValueError, match="damaged .hwpx: the part a.xml cannot be decompressed"):
        Package(bad, ".hwpx").read("a.xml")
