"""Test fixtures in the layouts Hangul users write (not reportgen's own): a 시행문 with its 두문
(기관명, 수신, 경유, 제목) and 결문 (발신명의, the 결재란 as a table nested in the 결문 table, 협조,
시행/접수, 우편번호·주소·홈페이지, 전화·전송·이메일·공개구분), boxed Roman headings (one-row tables),
Hangul's automatic outline numbering, typed markers out of sequence (바. after 가.) and data tables
whose first rows look like a grid. Built as .hwpx from reportgen's HWPX writer, then reshaped with
lxml (the nested table, the numbering definitions); `as_hwp` converts it like writers/hwp.py."""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from reportgen.model import ApprovalGrid, Cell, Document, Paragraph, Table, TitleBlock
from reportgen.writers.hwpx import HwpxWriter

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
OUTLINE_PARA_PR = "900"  # a paraPr we add: automatic outline numbering, level 2 (1. 2. …)


def _cell(text: str) -> Cell:
    return Cell((Paragraph(text),))


def _table(rows: list[list[str]]) -> Table:
    return Table(tuple(tuple(_cell(x) for x in r) for r in rows), tuple(1.0 for _ in rows[0]), header_rows=0)


APPROVAL = [["★주무관", "자치행정팀장", "자치행정과장"], ["홍길동", "김철수", "03/02 代이영희"], ["협 조", "총무팀장", "박민수"]]
DATA_GRID = [["구분", "팀장", "과장"], ["교육", "10명", "5명"]]  # titles over numbers: a data table
BUDGET = [["구분", "과목", "예산액"], ["계", "", "100,000"], ["운영비", "사무관리비", "100,000"]]
CLOSING = [
    ["시행 자치행정과-1234 (2016. 3. 2.) 접수 ( )"],
    ["우 04750 서울특별시 성동구 고산자로 270 / www.sd.go.kr"],
    ["전화번호 02-2286-5000 팩스번호 02-2286-5555 / hong@sd.go.kr / 대시민공개"],
]
AUTO = ["목적", "추진 근거"]  # printed "1. 목적", "2. 추진 근거" by Hangul's outline numbering


def body() -> list:
    return [
        Paragraph("서울특별시 성동구"),
        Paragraph("수신  서울특별시장(자치행정과장)"),
        Paragraph("(경유)"),
        Paragraph("제목  2016년 마을공동체 공모 사업 추진 계획"),
        _table([["Ⅰ", "공모 사업 개요"]]),
        Paragraph(AUTO[0]),
        Paragraph("가. 마을공동체 활성화"),
        Paragraph("바. 여섯째 항목은 바. 그대로"),
        Paragraph(AUTO[1]),
        Paragraph("□ 근거 법령"),
        Paragraph("○ 마을공동체 지원 조례"),
        _table(DATA_GRID),
        _table([["Ⅱ", "세부 추진 계획"]]),
        Paragraph("1. 사업비"),
        _table(BUDGET),
        Paragraph("3. 셋째로 적힌 번호  끝."),
        Paragraph("성동구청장"),
        _table(CLOSING),
        _table(APPROVAL),
    ]


def as_hwpx() -> bytes:
    doc = Document(header=(), approval=ApprovalGrid(()), cover=None, title=TitleBlock("", ""), body=body())
    with zipfile.ZipFile(io.BytesIO(HwpxWriter().write(doc))) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    section = etree.fromstring(parts["Contents/section0.xml"])
    paras = list(section.iterchildren(HP + "p"))
    # the 결재란 goes inside the 결문 table's first cell: a nested table, as Hangul's 기안문 has it
    approval = next(t for t in section.iter(HP + "tbl") if "★주무관" in "".join(t.itertext()))
    closing = next(t for t in section.iter(HP + "tbl") if "우 04750" in "".join(t.itertext()))
    holder = approval.getparent()
    cell_para = next(closing.iter(HP + "p"))
    cell_para.find(HP + "run").append(approval)
    if not "".join(holder.itertext()).strip() and holder.getparent() is not None:
        holder_p = holder.getparent()
        holder_p.remove(holder)
    next(section.iter(HP + "secPr")).set("outlineShapeIDRef", "1")  # the section's outline numbering
    for p in paras:
        if "".join(p.itertext()).strip() in AUTO:
            p.set("paraPrIDRef", OUTLINE_PARA_PR)
    parts["Contents/section0.xml"] = etree.tostring(section, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["Contents/header.xml"] = _with_numbering(parts["Contents/header.xml"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _with_numbering(header_xml: bytes) -> bytes:
    """A numbering (Ⅰ. / 1. / 가.) and a paraPr whose heading is OUTLINE level 1 (the second
    level: "^2."), copied from paraPr 0."""
    head = etree.fromstring(header_xml)
    ref = head.find(f".//{HH}refList")
    numberings = ref.find(HH + "numberings")
    if numberings is None:
        numberings = etree.SubElement(ref, HH + "numberings")
    num = etree.SubElement(numberings, HH + "numbering", id="1", start="0")
    for level, fmt, text in ((1, "ROMAN_CAPITAL", "^1."), (2, "DIGIT", "^2."), (3, "HANGUL_SYLLABLE", "^3.")):
        ph = etree.SubElement(num, HH + "paraHead", start="1", level=str(level), align="LEFT", useInstWidth="1")
        ph.set("autoIndent", "1")
        ph.set("numFormat", fmt)
        ph.text = text
    numberings.set("itemCnt", str(len(numberings)))
    props = ref.find(HH + "paraProperties")
    pr = copy.deepcopy(next(p for p in props if p.get("id") == "0"))
    pr.set("id", OUTLINE_PARA_PR)
    heading = pr.find(HH + "heading")
    heading.set("type", "OUTLINE")
    heading.set("idRef", "0")
    heading.set("level", "1")
    props.append(pr)
    props.set("itemCnt", str(len(props)))
    return etree.tostring(head, xml_declaration=True, encoding="UTF-8", standalone=True)


def as_hwp() -> bytes:
    from hwpx.hwp5.writer import write_hwp5

    with zipfile.ZipFile(io.BytesIO(as_hwpx())) as z:
        return write_hwp5({n: z.read(n) for n in z.namelist()})
