"""Properties that must hold for every record (hypothesis; strategies in tests/strategies.py).

- A record is either refused by `validate` — every problem a message with its JSON path — or it
  renders in docx, hwpx, hwp and html, and every output opens: python-docx opens the .docx, every
  XML part of the .docx and .hwpx parses (lxml), python-hwpx's validators report no error, rhwp reads
  the .hwpx and the .hwp, html5lib parses the page with no parse error. Never "cannot render: …".
- The same record twice gives the same bytes in every format.
- pdf on a small sample (LibreOffice is slow): it converts and has pages.
- Reading a record from text never fails with anything but InvalidRecord.

Sizes: the `ci` profile (tests/conftest.py, derandomised) runs a few hundred examples per property;
`pytest tests/test_properties.py --hypothesis-profile=long` runs thousands, by hand.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.compose import compose
from reportgen.errors import InvalidRecord, Unprintable, path_of
from reportgen.records import parse_record
from reportgen.validate import validate_record
from reportgen.writers import writer_class

from .strategies import EXAMPLES, KINDS, records

FORMATS = ("docx", "hwpx", "hwp", "html")
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
BASE = settings.default.max_examples  # the profile's size (tests/conftest.py): 100 in CI, 2000 in `long`


def sized(factor: float) -> settings:
    """The profile's settings with `factor` × its examples: cheap properties run more."""
    return settings(suppress_health_check=SLOW, max_examples=max(1, int(BASE * factor)))


@pytest.fixture(scope="module")
def writers():
    return {fmt: writer_class(fmt)(None) for fmt in FORMATS}


def refused_or_document(record: dict):
    """The problems of a refused record (each checked), or its document."""
    problems = validate_record(record, "r.json")
    for p in problems:
        assert p.path.startswith("$") and p.message.strip(), p
        assert "Traceback" not in p.message and "Error:" not in p.message, p
        str(p).encode("utf-8")  # printable whatever the record holds
    if problems:
        return None
    try:
        return compose(record, EXAMPLES)
    except Unprintable as exc:  # refused by compose at a path, as the pipeline reports it (not a crash)
        assert path_of(record, exc.node) and exc.message.strip(), exc
        return None


def open_docx(data: bytes) -> None:
    import docx

    docx.Document(io.BytesIO(data))
    _xml_parts(data)


def open_hwpx(data: bytes) -> None:
    import hwpx
    from hwpx.tools.package_validator import validate_package

    _xml_parts(data)
    issues = list(hwpx.HwpxDocument.open(data).validate().issues)
    assert issues == [], [str(i) for i in issues]
    report = validate_package(data)
    assert not report.errors, [str(i) for i in report.errors]
    _rhwp(data)


def open_hwp(data: bytes) -> None:
    _rhwp(data)


def open_html(data: bytes) -> None:
    import html5lib

    parser = html5lib.HTMLParser(strict=False)
    parser.parse(data)
    assert parser.errors == [], parser.errors[:5]


def _xml_parts(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels", ".hpf")):
                etree.fromstring(zf.read(name))  # raises on anything that is not well-formed


def _rhwp(data: bytes) -> None:
    from reportgen.readers.hwp import load_rhwp

    doc = load_rhwp().Document.from_bytes(data)
    assert doc.page_count >= 1
    doc.extract_text()


OPENERS = {"docx": open_docx, "hwpx": open_hwpx, "hwp": open_hwp, "html": open_html}


@sized(2)
@given(records())
def test_every_record_is_refused_or_renders_and_opens_in_every_format(writers, record):
    document = refused_or_document(record)
    if document is None:
        return
    for fmt in FORMATS:
        data = writers[fmt].write(document)
        OPENERS[fmt](data)


@sized(0.6)
@given(records(max_mutations=2))
def test_the_same_record_gives_the_same_bytes(writers, record):
    document = refused_or_document(record)
    if document is None:
        return
    again = compose(json.loads(json.dumps(record)), EXAMPLES)
    for fmt in FORMATS:
        assert writers[fmt].write(document) == writers[fmt].write(again), fmt


@sized(5)
@given(records(max_mutations=6))
def test_validation_refuses_or_passes_never_crashes(record):
    """Cheap, so many more examples: validation itself never raises, whatever the record holds."""
    refused_or_document(record)


@sized(5)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))), st.booleans())
def test_reading_any_text_gives_a_record_or_a_clean_refusal(text, yaml_syntax):
    try:
        parse_record(text, "r.yaml" if yaml_syntax else "r.json", yaml_syntax=yaml_syntax)
    except InvalidRecord as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@settings(suppress_health_check=SLOW, deadline=None, max_examples=max(2, BASE // 25))
@given(records(max_mutations=2))
def test_pdf_on_a_sample(record):
    """A few examples only: each starts LibreOffice's conversion of the DOCX."""
    document = refused_or_document(record)
    if document is None:
        return
    data = writer_class("pdf")(None).write(document)
    assert data.startswith(b"%PDF-") and b"/Type /Page" in data or b"/Type/Page" in data


def test_every_kind_is_drawn():
    assert {"plan", "result", "page"} <= set(KINDS)
