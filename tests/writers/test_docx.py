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
