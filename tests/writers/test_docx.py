from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as OpenDocx
from docx.oxml.ns import qn

from reportgen import layout
from reportgen.model import ApprovalGrid, Cell, Cover, Document, Item, Paragraph, Signer, Table, TitleBlock
from reportgen.pipeline import build_document
from reportgen.readers.docx import docx_lines
from reportgen.writers.docx import DEFAULT_TEMPLATE, DocxWriter

from ..helpers import PLAN_EXAMPLE, RESULT_EXAMPLE, photo_block, png


@pytest.fixture(scope="module")
def writer():
    return DocxWriter()


def small(body, signers=3) -> Document:
    return Document(
        header=(("문서번호", "총무과-1"),),
        cover=Cover(organisation="성 동 구"),
        title=TitleBlock("", "제목"),
        approval=ApprovalGrid(tuple(Signer(f"직위{i}", f"이름{i}") for i in range(signers))),
        body=body,
    )


def test_styles_name_east_asian_fonts(writer):
    doc = OpenDocx(io.BytesIO(writer.write(small([]))))
    for role, style in layout.STYLES.items():
        fonts = doc.styles[f"RG {role}"].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == style.font, role
        assert fonts.get(qn("w:ascii")) == style.font
        assert not [a for a in fonts.attrib if a.endswith("Theme")]


def test_page_is_a4_with_report_margins(writer):
    section = OpenDocx(io.BytesIO(writer.write(small([])))).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == layout.MARGIN_LEFT_MM and round(section.top_margin.mm) == layout.MARGIN_TOP_MM


def test_one_approval_column_per_signer(writer):
    for n in (1, 4, 7):
        doc = OpenDocx(io.BytesIO(writer.write(small([], signers=n))))
        assert len(doc.tables[1].columns) == n
        assert [c.text for c in doc.tables[1].rows[1].cells] == [f"이름{i}" for i in range(n)]


def test_items_hang_after_their_marker(writer):
    doc = OpenDocx(io.BytesIO(writer.write(small([Item("□", "상위", 1), Item("○", "하위", 2), Item("1)", "번호", 3)]))))
    paragraphs = [p for p in doc.paragraphs if p.text.endswith(("상위", "하위", "번호"))]
    assert [p.text for p in paragraphs] == ["□\t상위", "○\t하위", "1)\t번호"]
    lefts = [p.paragraph_format.left_indent.pt for p in paragraphs]
    assert lefts[0] < lefts[1] < lefts[2]
    for p in paragraphs:  # first line starts at the marker, wrapped lines at the text
        assert p.paragraph_format.first_line_indent.pt < 0


def test_merged_cells(writer):
    table = Table(
        (
            (Cell((Paragraph("A"),), rowspan=2), Cell((Paragraph("B"),), colspan=2)),
            (Cell((Paragraph("C"),)), Cell((Item("·", "D"), Item("·", "E")))),
        ),
        (1, 1, 1),
        header_rows=0,
    )
    data = writer.write(small([table]))
    assert "A\tB\t" in "\n".join(docx_lines(data)) or "A\tB" in "\n".join(docx_lines(data))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:gridSpan w:val="2"' in xml and 'w:vMerge w:val="restart"' in xml


def test_missing_image_gives_placeholder_box(writer, tmp_path):
    data = writer.write(small([photo_block(tmp_path / "gone.jpg", "행사 사진")]))
    text = "\n".join(docx_lines(data))
    assert "[사진 없음: gone.jpg]" in text and "행사 사진" in text


def test_images_are_embedded(writer):
    data = writer.write(build_document(RESULT_EXAMPLE))
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 4


def test_same_document_same_bytes(writer):
    doc = build_document(PLAN_EXAMPLE)
    assert writer.write(doc) == DocxWriter().write(doc)


def test_template_without_a_needed_style(tmp_path):
    broken = OpenDocx(str(DEFAULT_TEMPLATE))
    style = broken.styles["RG note"]
    style.element.getparent().remove(style.element)
    path = tmp_path / "broken.docx"
    broken.save(str(path))
    with pytest.raises(ValueError, match="RG note"):
        DocxWriter(path)


def test_xml_illegal_text_is_refused_not_written(writer):
    with pytest.raises(ValueError):
        writer.write(small([Paragraph("bell\x07")]))


@pytest.mark.parametrize("example", [PLAN_EXAMPLE, RESULT_EXAMPLE], ids=["plan", "result"])
def test_libreoffice_converts_to_pdf(writer, example, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run must install libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / f"{example.stem}.docx"
    source.write_bytes(writer.write(build_document(example)))
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / f"{example.stem}.pdf"
    assert run.returncode == 0 and pdf.exists(), run.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        pages = int(
            next(
                line.split()[-1]
                for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.splitlines()
                if line.startswith("Pages:")
            )
        )
        assert pages >= 4


def test_an_organisations_logo_in_the_template_survives(tmp_path):
    """Restyling includes a logo: a picture added to the template's header reaches every document."""
    from docx.shared import Mm as _Mm

    logo = tmp_path / "logo.png"
    logo.write_bytes(png(60, 30))
    template = OpenDocx(str(DEFAULT_TEMPLATE))
    template.sections[0].header.paragraphs[0].add_run().add_picture(str(logo), width=_Mm(20))
    path = tmp_path / "office.docx"
    template.save(str(path))
    data = DocxWriter(path).write(build_document(RESULT_EXAMPLE))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("word/media/") and "reportgen" not in n for n in names)  # the logo
    assert sum("reportgen-image" in n for n in names) == 4  # and the four photos
    reopened = OpenDocx(io.BytesIO(data))
    assert reopened.sections[0].header.part.related_parts  # the header still points at its logo


def test_schedule_row_is_a_right_tab_with_dot_leader_never_typed_dots(writer):
    from reportgen.model import Leader

    data = writer.write(small([Leader("○", "보완 조치 확인", "12. 4.(월)", 2), Paragraph("연락처", "note", align="right")]))
    doc = OpenDocx(io.BytesIO(data))
    p = next(p for p in doc.paragraphs if "보완 조치 확인" in p.text)
    stops = p._p.pPr.find(qn("w:tabs")).findall(qn("w:tab"))
    right = [t for t in stops if t.get(qn("w:val")) == "right"]
    assert [t.get(qn("w:leader")) for t in right] == ["dot"]
    assert int(right[0].get(qn("w:pos"))) == round(layout.mm_to_pt(layout.TEXT_WIDTH_MM) * 20)
    assert p.text == "○\t보완 조치 확인\t12. 4.(월)" and "…" not in p.text and ".." not in p.text.replace("12. 4.", "")
    note = next(p for p in doc.paragraphs if p.text == "연락처")
    assert note._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"


def _part(data: bytes, name: str):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def test_no_east_asian_autospacing_and_hangul_breaks_between_syllables(writer):
    """Every paragraph style and the document defaults: w:wordWrap, w:autoSpaceDE and w:autoSpaceDN
    off, in the schema's place (before w:spacing and w:jc) so Word reads them."""
    styles = _part(writer.write(build_document(RESULT_EXAMPLE)), "word/styles.xml")
    owners = [styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")]
    owners += [s.find(qn("w:pPr")) for s in styles.iter(qn("w:style")) if s.get(qn("w:type")) == "paragraph"]
    owners = [p for p in owners if p is not None]
    assert len(owners) > len(layout.STYLES)
    for ppr in owners:
        tags = [child.tag.split("}")[1] for child in ppr]
        for tag in ("wordWrap", "autoSpaceDE", "autoSpaceDN"):
            assert ppr.find(qn(f"w:{tag}")).get(qn("w:val")) == "0", tags
        later = [tags.index(t) for t in ("spacing", "ind", "jc") if t in tags]
        assert all(tags.index("autoSpaceDN") < i for i in later), tags


def test_header_labels_are_shaded_as_in_the_hwpx(writer):
    document = _part(writer.write(build_document(PLAN_EXAMPLE)), "word/document.xml")
    fills = {}
    for tc in document.iter(qn("w:tc")):
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        fills[text] = None if shd is None else shd.get(qn("w:fill"))
    for label in ("문서번호", "결재일자", "공개여부", "방침번호", "협 조"):
        assert fills[label] == layout.TABLE_HEADER_FILL, label
    assert fills["자치행정과-14947"] is None and fills["★주무관"] is None


def test_the_cover_is_unnumbered_and_the_body_starts_at_page_1(writer):
    """As in the HWPX: the cover page is a section without a footer; the body section's numbering
    starts at 1."""
    document = _part(writer.write(build_document(PLAN_EXAMPLE)), "word/document.xml")
    sections = list(document.iter(qn("w:sectPr")))
    assert len(sections) == 2
    cover, body = sections
    assert cover.find(qn("w:footerReference")) is None and cover.find(qn("w:type")).get(qn("w:val")) == "nextPage"
    assert body.find(qn("w:footerReference")) is not None
    assert body.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    page_record = build_document(PLAN_EXAMPLE)
    page_record.cover = None
    assert len(list(_part(writer.write(page_record), "word/document.xml").iter(qn("w:sectPr")))) == 1
