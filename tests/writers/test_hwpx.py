"""HwpxWriter: package shape, validity (python-hwpx validators), determinism, text order, escaping,
template handling, and a rendered look at every page with rhwp when it is installed."""

from __future__ import annotations

import ctypes
import html
import re
import shutil
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from reportgen import layout
from reportgen.model import ApprovalGrid, Cell, Cover, Document, Heading, Item, PageBreak, Paragraph, Signer, Table, TitleBlock
from reportgen.writers.hwpx import HwpxWriter

from ..helpers import photo_block, png

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "official.hwpx"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def P(text, role="body"):
    return Paragraph(text, role)


def C(*lines, **kw):
    return Cell(tuple(P(x) if isinstance(x, str) else x for x in lines), **kw)


def realistic_document(tmp: Path | None = None, big_rows: int = 0) -> Document:
    """Seed-000-like plan: header, 6 signers + 4 협조 rows, cover, Roman headings, □ ○ - · ※ items,
    a merged multi-line budget table, a photo (when `tmp` is given) and a missing one."""
    signers = tuple(
        Signer(t, n)
        for t, n in [
            ("★주무관", "박성춘"),
            ("자치행정팀장", "문광선"),
            ("자치행정과장", "권창석"),
            ("행정관리국장", "김종순"),
            ("부구청장", "이비오"),
            ("구청장", "08/21 정원오"),
        ]
    )
    coop = (
        (Signer("복지정책과장", "최성연"),),
        (Signer("총무팀장", "이민채"), Signer("마을공동체담당관", "代고현정")),
        (Signer("인사팀장", "송재훈"), Signer("총무과장", "박봉주")),
        (Signer("정보화기획팀장", "소원두"), Signer("전산정보과장", "이창호")),
    )
    body = [
        P("2015년 7월 1일 전 동 시행된 '찾아가는 동 주민센터' 사업의 성공적 정착을 위해 추진지원단을 구성하여 운영하고자 함.", "lead"),
        Heading("Ⅰ", "추진 근거"),
        Item("-", "(가칭)동마을복지센터 사업 운영 안내(市 자치행정과-6005호, '15. 3. 20.)", 3),
        Item("-", "찾아가는 동 주민센터 추진을 위한 자치구 추진지원단 구성·운영계획(市 자치행정과-12530호, '15. 6.12.)", 3),
        Heading("Ⅱ", "추진 개요"),
        Item("□", "사업명: '찾아가는 동 주민센터' 성동구 추진지원단", 1),
        Item(
            "○",
            "사업기간: '15. 9. 1. ~ '17. 12. 31. 동안 운영하며, 2015년은 직영하고 2016년부터는 민간위탁 또는 민간경상보조로 전환하여 운영함",
            2,
        ),
        Item("-", "찾아가는 동 주민센터 업무 공유, 안내 등 컨설팅 및 민민·민관·관관 협력 촉진 지원과 교육 콘텐츠 개발", 3),
        Item("·", "시 추진단·지원단 및 자치구 추진단과의 긴밀한 협조체계 구축", 4),
        Item("※", "전액 시에서 한시적 지원, 계속 운영 필요시 자치구 재원으로 운영", 2),
        Heading("Ⅲ", "세 부 추진 계획"),
        P("〈 총 평 〉", "label"),
        Item("□", "추진지원단 소요예산", 1),
        Table(
            rows=(
                (C("구 분", colspan=2, header=True), C("예산액", header=True), C("산 출 내 역", header=True)),
                (C("계", colspan=2, align="center"), C("130,000", align="right"), C("")),
                (
                    C("인 건 비", colspan=2, align="center"),
                    C("100,000", align="right"),
                    C("직 원: 33백만원×3명", Item("*", "시간선택제 다급 연봉 33,187천원(수당 최소화)", 1)),
                ),
                (C("사 업 비", rowspan=3, align="center"), C("소 계"), C("24,000", align="right"), C("")),
                (C("평가 및 모니터링 등 연구조사"), C("8,500", align="right"), C("500천원 * 17개동")),
                (
                    C("민관협력강화"),
                    C("7,000", align="right"),
                    C(Item("-", "월례회의 3,600천원(300천원×12월)", 1), Item("-", "워크숍 3,400천원(3,400천원*1회)", 1)),
                ),
            ),
            widths=(1, 2, 1.5, 3),
            header_rows=1,
            caption="(단위: 천원)",
        ),
        Item("※", "인건비, 운영비, 사업비는 지원예산 범위내에서 조정 가능", 1),
        Heading("Ⅳ", "행정 사항"),
        Item("-", "신규 임용 발령 등: 총무과 인사팀 협조.", 3),
        Item("붙임", "1. 추진지원단 운영 세부계획 1부.", 1),
        Item("붙임", "2. 예산 산출 내역 1부.  끝.", 1, marker_visible=False),
        PageBreak(),
        Item("□", "행사사진", 1),
    ]
    if tmp is not None:
        photo = tmp / "photo.png"
        photo.write_bytes(png())
        body.append(photo_block(photo, caption="성과보고회 전경", width_mm=100, height_mm=50))
    body.append(photo_block("/nonexistent/photo2.jpg", caption="주민 발표 (사진 없음)", width_mm=100, height_mm=60))
    if big_rows:
        body.append(
            Table(
                rows=((C("번호", header=True), C("동", header=True), C("내용", header=True)),)
                + tuple((C(str(i), align="right"), C(f"{i % 17 + 1}동"), C(f"항목 {i} 내용")) for i in range(1, big_rows + 1)),
                widths=(1, 2, 5),
            )
        )
    return Document(
        header=(
            ("문서번호", "자치행정과-14947"),
            ("결재일자", "2015.8.21."),
            ("공개여부", "대시민공개"),
            ("방침번호", "구청장 방침 제430호"),
        ),
        approval=ApprovalGrid(signers=signers, cooperation=coop),
        cover=Cover(
            "- 주민 중심의 행정, 주민의 주도적 참여 -",
            "찾아가는 동 주민센터 추진지원단 구성 및 운영 계획",
            "2015. 8.",
            "성 동 구",
            "(자치행정과)",
        ),
        title=TitleBlock("- 주민 중심의 행정, 주민의 주도적 참여 -", "찾아가는 동 주민센터 추진지원단 구성 및 운영 계획"),
        body=body,
        meta_title="찾아가는 동 주민센터 추진지원단 구성 및 운영 계획",
        meta_author="성동구 자치행정과",
        meta_date="2015-08-21",
    )


def small_document() -> Document:
    return Document(
        header=(("문서번호", "테스트-1"),),
        approval=ApprovalGrid((Signer("주무관", "홍길동"),)),
        cover=None,
        title=TitleBlock("", "짧은 문서"),
        body=[Item("□", '{{ 7*7 }} <b>굵게</b> & "따옴표" {% if x %}', 1), P("a\tb")],
    )


@pytest.fixture(scope="module")
def writer():
    return HwpxWriter()


def section_text(data: bytes) -> list[str]:
    """Paragraph texts of section0.xml (tabs as \\t), in document order."""
    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("Contents/section0.xml"))
    out = []
    for p in root.iter(HP + "p"):
        parts = []
        for t in p.iterfind(f"{HP}run/{HP}t"):
            parts.append(t.text or "")
            for child in t:
                parts.append("\t" if child.tag == HP + "tab" else "\n")
                parts.append(child.tail or "")
        out.append("".join(parts))
    return out


def assert_lines_in_order(doc: Document, data: bytes) -> None:
    """Every printed line of the document appears, piece by piece, in reading order."""
    text = " ".join(" ".join(section_text(data)).split())  # cell lines are joined by spaces in text_lines
    pos = 0
    for line in doc.text_lines():
        for piece in (" ".join(x.split()) for x in line.split("\t")):
            if piece:
                found = text.find(piece, pos)
                assert found >= 0, f"{piece!r} (of {line!r}) missing or out of order"
                pos = found + len(piece)


def test_package_shape(writer, tmp_path):
    data = writer.write(realistic_document(tmp_path))
    zf = zipfile.ZipFile(BytesIO(data))
    first = zf.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert zf.read("mimetype") == b"application/hwp+zip"
    names = set(zf.namelist())
    assert {
        "version.xml",
        "Contents/header.xml",
        "Contents/section0.xml",
        "Contents/content.hpf",
        "settings.xml",
        "META-INF/container.xml",
        "META-INF/manifest.xml",
        "Preview/PrvText.txt",
        "BinData/image1.png",
    } <= names
    assert b"linesegarray" not in zf.read("Contents/section0.xml")
    header = zf.read("Contents/header.xml").decode()
    for face in ("휴먼명조", "HY헤드라인M", "맑은 고딕"):
        assert header.count(f'face="{face}"') == 7  # every language slot
    prv = zf.read("Preview/PrvText.txt").decode()
    assert prv.splitlines()[0] == "문서번호\t자치행정과-14947"


def assert_valid(data: bytes) -> None:
    """python-hwpx: schema issues, package errors, and the checks it runs before handing a file to Hancom."""
    hwpx = pytest.importorskip("hwpx", reason="python-hwpx not installed")
    from hwpx.tools.package_validator import validate_editor_open_safety, validate_package

    issues = list(hwpx.HwpxDocument.open(data).validate().issues)
    assert issues == [], [str(i) for i in issues]
    report = validate_package(data)
    assert not report.errors, [str(i) for i in report.errors]
    # the one warning Hancom's own files carry too (python-hwpx's skeleton has it)
    assert all("version part" in str(w) for w in report.warnings), [str(w) for w in report.warnings]
    safety = validate_editor_open_safety(data)
    assert safety.ok, safety.summary


def test_validators_report_no_errors(writer, tmp_path):
    assert_valid(writer.write(realistic_document(tmp_path, big_rows=50)))
    assert_valid(writer.write(small_document()))


@pytest.mark.parametrize("name", ["plan-chatdong-support-team.json", "result-chatdong-100days.json"])
def test_examples(writer, name):
    """The composed example records (seed 000 and 003): valid, every line in order."""
    from reportgen.compose import compose
    from reportgen.records import load_record

    doc = compose(load_record(ROOT / "examples" / name), ROOT / "examples")
    data = writer.write(doc)
    assert_valid(data)
    assert_lines_in_order(doc, data)


def test_deterministic(writer, tmp_path):
    doc = realistic_document(tmp_path)
    assert writer.write(doc) == writer.write(doc)
    assert HwpxWriter().write(doc) == writer.write(doc)  # no state carried between instances or calls


def test_text_in_order(writer, tmp_path):
    doc = realistic_document(tmp_path)
    assert_lines_in_order(doc, writer.write(doc))


def test_markup_text_is_literal(writer):
    doc = small_document()
    data = writer.write(doc)
    texts = section_text(data)
    assert '□ {{ 7*7 }} <b>굵게</b> & "따옴표" {% if x %}' in texts
    assert "a\tb" in texts
    assert b"&amp;" in zipfile.ZipFile(BytesIO(data)).read("Contents/section0.xml")


def test_merged_cells_and_heights(writer, tmp_path):
    data = writer.write(realistic_document(tmp_path))
    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("Contents/section0.xml"))
    budget = [t for t in root.iter(HP + "tbl") if t.get("rowCnt") == "6"][0]
    spans = [(c.find(HP + "cellSpan").get("colSpan"), c.find(HP + "cellSpan").get("rowSpan")) for c in budget.iter(HP + "tc")]
    assert ("2", "1") in spans and ("1", "3") in spans
    rows = budget.findall(HP + "tr")
    heights = [int(r[0].find(HP + "cellSz").get("height")) for r in rows]
    assert heights[2] > heights[1]  # the two-line 인건비 row is taller
    assert budget.get("repeatHeader") == "1"


def indents(data: bytes):
    """(left, intent) in HWPUNIT of the first paragraph whose text starts with a prefix."""
    zf = zipfile.ZipFile(BytesIO(data))
    head = etree.fromstring(zf.read("Contents/header.xml"))
    sec = etree.fromstring(zf.read("Contents/section0.xml"))
    hh, hc = "{http://www.hancom.co.kr/hwpml/2011/head}", "{http://www.hancom.co.kr/hwpml/2011/core}"
    paras = {p.get("id"): p for p in head.iter(hh + "paraPr")}

    def indent(prefix):
        p = next(p for p in sec.iter(HP + "p") if (p.findtext(f"{HP}run/{HP}t") or "").startswith(prefix))
        m = paras[p.get("paraPrIDRef")].find(f".//{HP}case/{hh}margin")
        return int(m.find(hc + "left").get("value")), int(m.find(hc + "intent").get("value"))

    return indent


def test_hanging_indents(writer, tmp_path):
    left, intent = indents(writer.write(realistic_document(tmp_path)))("○ 사업기간")
    start, hang = layout.item_indent_pt("○", 2, 15)
    # Hancom: the first line starts at the left margin, the others a (negative) indent further right
    assert (left, intent) == (round((start - hang) * 100), -round(hang * 100)) and left > 0


def test_hidden_marker_keeps_text_column(writer, tmp_path):
    """붙임 line 2 prints no marker and starts where line 1's text starts."""
    indent = indents(writer.write(realistic_document(tmp_path)))
    left1, intent1 = indent("붙임 1.")
    assert indent("2. 예산") == (left1 - intent1, 0)


def test_large_table_flows_across_pages(writer):
    doc = realistic_document(None, big_rows=1000)
    data = writer.write(doc)
    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("Contents/section0.xml"))
    big = [t for t in root.iter(HP + "tbl") if t.get("rowCnt") == "1001"][0]
    assert big.find(HP + "pos").get("treatAsChar") == "0"  # Hancom splits only flowing tables
    assert_lines_in_order(doc, data)


def test_template_matches_layout(writer, tmp_path):
    assert TEMPLATE.exists(), "run templates/build_hwpx_template.py"
    doc = realistic_document(tmp_path)
    assert HwpxWriter(TEMPLATE).write(doc) == writer.write(doc)


def test_template_missing_style(tmp_path):
    src = zipfile.ZipFile(TEMPLATE)
    broken = tmp_path / "broken.hwpx"
    with zipfile.ZipFile(broken, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "Contents/header.xml":
                data = data.replace(b'name="RG item3"', b'name="other"')
            out.writestr(info, data)
    with pytest.raises(ValueError, match="RG item3"):
        HwpxWriter(broken)


def test_template_restyle_is_used(tmp_path):
    """A template whose 'RG body' char size was changed in Hangul gives that size in the output."""
    src = zipfile.ZipFile(TEMPLATE)
    head = etree.fromstring(src.read("Contents/header.xml"))
    hh = "{http://www.hancom.co.kr/hwpml/2011/head}"
    body = next(s for s in head.iter(hh + "style") if s.get("name") == "RG body")
    char = next(c for c in head.iter(hh + "charPr") if c.get("id") == body.get("charPrIDRef"))
    char.set("height", "1300")
    restyled = tmp_path / "restyled.hwpx"
    with zipfile.ZipFile(restyled, "w") as out:
        for info in src.infolist():
            data = etree.tostring(head, encoding="UTF-8") if info.filename == "Contents/header.xml" else src.read(info)
            out.writestr(info, data)
    data = HwpxWriter(restyled).write(small_document())
    out_head = zipfile.ZipFile(BytesIO(data)).read("Contents/header.xml")
    assert b'height="1300"' in out_head


def pretty_template(tmp_path) -> Path:
    """The template with an indented header.xml: whitespace tails on every paraPr."""
    src = zipfile.ZipFile(TEMPLATE)
    head = etree.fromstring(src.read("Contents/header.xml"))
    for e in head.iter():
        e.tail = None if e is head else e.tail
        if len(e):
            e.text = None
    pretty = tmp_path / "pretty.hwpx"
    with zipfile.ZipFile(pretty, "w") as out:
        for info in src.infolist():
            data = etree.tostring(head, encoding="UTF-8", pretty_print=True) if info.filename == "Contents/header.xml" else src.read(info)
            out.writestr(info, data)
    return pretty


def appended_head(writer: HwpxWriter, keys: tuple) -> bytes:
    """The slow way, as the writer once did it: each paraPr variant derived from its role's paraPr
    in the head's tree, appended to hh:paraProperties, the whole tree serialised."""
    import copy

    from reportgen.writers.owpml import ALIGN, HH
    from reportgen.writers.owpml_template import para_margins, set_margins, xml_bytes

    head = etree.fromstring(writer._header.base)
    paras = {e.get("id"): e for e in head.iter(HH + "paraPr")}
    box = head.find(f"{HH}refList/{HH}paraProperties")
    for i, (role, align, left, intent, line_pct, keep_next, tab) in enumerate(keys):
        pp = copy.deepcopy(paras[str(writer.style(role).para)])
        if tab is not None:
            pp.set("tabPrIDRef", str(tab))
        if align:
            pp.find(HH + "align").set("horizontal", ALIGN[align])
        if keep_next:
            pp.find(HH + "breakSetting").set("keepWithNext", "1")
        margins = para_margins(pp)
        margins.update({k: v for k, v in (("left", left), ("intent", intent)) if v is not None})
        spacing = pp.find(f".//{HH}lineSpacing")
        set_margins(pp, margins, line_pct if line_pct is not None else int(spacing.get("value")))
        pp.set("id", str(writer._header.first_id + i))
        box.append(pp)
    box.set("itemCnt", str(len(box)))
    return xml_bytes(head)


@pytest.mark.parametrize("template", ["layout", "official", "pretty"])
def test_spliced_header_is_the_appended_head(template, tmp_path):
    """header.xml is spliced from text made once and each variant rendered from its role's paraPr
    template; it must be exactly what appending the variants to the head's tree and serialising
    it gives (the slow way) — for the documents' variants and for every kind of variant of every role."""
    import itertools

    from reportgen.writers.hwpx import _Build

    path = {"layout": None, "official": TEMPLATE, "pretty": pretty_template(tmp_path)}[template]
    w = HwpxWriter(path)
    for doc in (realistic_document(tmp_path), small_document(), realistic_document(tmp_path)):
        build = _Build(w)
        build.section(doc)
        keys = tuple(build.variants)
        expected = appended_head(w, keys)
        assert w._header.data(keys) == expected
        assert zipfile.ZipFile(BytesIO(w.write(doc))).read("Contents/header.xml") == expected
    assert keys  # the documents use variants
    changes = itertools.product(
        (None, "center", "justify"), (None, 0, 1500), (None, -700), (None, 100), (False, True), (None, w._leader_tab)
    )
    every = tuple((role, *change) for change in changes for role in layout.STYLES)
    assert w._header.data(every) == appended_head(w, every)


def test_a_built_in_header_render_imports_no_lxml():
    """Without a template the HWPX writer reads no XML: a new process renders an example and the
    HWPX package without importing lxml (a cold render and a batch worker skip its import)."""
    code = (
        "import sys\n"
        "from reportgen.pipeline import build_document\n"
        "from reportgen.writers.hwpx import HwpxWriter\n"
        f"HwpxWriter().write(build_document({str(ROOT / 'examples' / 'plan-chatdong-support-team.json')!r}))\n"
        "print([m for m in sys.modules if m == 'lxml' or m.startswith('lxml.')])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


HOSTILE = ("", "가 & <b> \"x\" 'y'", "]]>", "&amp;", "&#13;", "{{ x }}", "a\tb", "x\r\ny\rz\n", "\t\t", "\u2028\u0301👩\u200d👩")


def test_record_text_is_escaped_as_lxml_escapes_it():
    """owpml.text and run_text, the one way record text enters the XML, give what an lxml tree of
    the same elements serialises to (the bytes the writer made before it joined strings)."""
    from reportgen.writers import owpml

    for text in HOSTILE:
        meta = etree.Element("meta")
        meta.text = text  # content.hpf keeps a carriage return, as &#13;
        assert etree.tostring(meta, encoding="UTF-8").decode() == f"<meta>{owpml.text(text)}</meta>"
        t = etree.Element(HP + "t", nsmap={"hp": owpml.NS["hp"]})
        pieces = re.split(r"([\t\n])", text.replace("\r\n", "\n").replace("\r", "\n"))
        t.text = pieces[0]
        for sep, piece in zip(pieces[1::2], pieces[2::2]):
            etree.SubElement(t, HP + ("tab" if sep == "\t" else "lineBreak")).tail = piece
        lxml_t = etree.tostring(t, encoding="UTF-8").decode().replace(f' xmlns:hp="{owpml.NS["hp"]}"', "")
        assert owpml.run_text(text) == lxml_t
    for bad in ("bell\x07", "\ufffe", "\ud800", "a\r\x00"):
        with pytest.raises(ValueError, match="cannot carry"):
            owpml.run_text(bad)
        with pytest.raises(ValueError, match="cannot carry"):
            owpml.text(bad)


# ------------------------------------------------------------------ rendering (rhwp + rsvg-convert)


def load_rhwp():
    try:
        ctypes.CDLL("libfreetype.so.6", mode=ctypes.RTLD_GLOBAL)  # the wheel's freetype is too old on Debian
    except OSError:
        pass
    try:
        import rhwp
    except ImportError:
        return None
    return rhwp


def render_pages(path: Path, out_dir: Path) -> list[Path]:
    """Every page of `path` as PNG (rhwp SVG → rsvg-convert)."""
    rhwp = load_rhwp()
    doc = rhwp.parse(str(path))
    pngs = []
    for page in range(doc.page_count):
        svg = out_dir / f"{path.stem}-{page + 1}.svg"
        svg.write_text(doc.render_svg(page), encoding="utf-8")
        png = svg.with_suffix(".png")
        subprocess.run(["rsvg-convert", "-b", "white", "-f", "png", "-o", str(png), str(svg)], check=True)
        pngs.append(png)
    return pngs


@pytest.mark.skipif(load_rhwp() is None or shutil.which("rsvg-convert") is None, reason="rhwp-python or rsvg-convert not installed")
def test_render_every_page(writer, tmp_path):
    doc = realistic_document(tmp_path)
    path = tmp_path / "plan.hwpx"
    path.write_bytes(writer.write(doc))
    pngs = render_pages(path, tmp_path)
    assert len(pngs) >= 3  # cover page, body, photo page
    for page in pngs:
        assert page.stat().st_size > 5000  # something was drawn
    # rhwp draws one <text> per glyph, in reading order: joined, they give the page's text back
    drawn = [html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", p.with_suffix(".svg").read_text("utf-8")))) for p in pngs]
    assert "자치행정과-14947" in drawn[0] and "代고현정" in drawn[0] and "성동구" in drawn[0].replace(" ", "")
    assert "Ⅰ추진근거" in drawn[1].replace(" ", "") or "I추진근거" in drawn[1].replace(" ", "")
    assert any("130,000" in d for d in drawn) and "주민발표(사진없음)" in drawn[-1].replace(" ", "")


def test_schedule_row_refers_to_a_right_tab_with_dot_leader():
    from reportgen.model import Leader

    doc = small_document()
    doc.body = [Leader("○", "보완 조치 확인", "12. 4.(월)", 2)]
    with zipfile.ZipFile(BytesIO(HwpxWriter().write(doc))) as z:
        head, section = etree.fromstring(z.read("Contents/header.xml")), etree.fromstring(z.read("Contents/section0.xml"))
    HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
    p = next(p for p in section.iter(HP + "p") if "보완 조치 확인" in "".join(p.itertext()))
    para = next(e for e in head.iter(HH + "paraPr") if e.get("id") == p.get("paraPrIDRef"))
    tab = next(e for e in head.iter(HH + "tabPr") if e.get("id") == para.get("tabPrIDRef"))
    items = list(tab.iter(HH + "tabItem"))
    assert {(i.get("type"), i.get("leader")) for i in items} == {("RIGHT", "DOT")}
    assert int(items[0].get("pos")) == round(layout.TEXT_WIDTH_MM * 7200 / 25.4)  # the right margin, HWPUNIT
    t = p.find(f"{HP}run/{HP}t")
    assert t.text == "○ 보완 조치 확인" and t[0].tag == HP + "tab" and t[0].tail == "12. 4.(월)"


@given(st.text(alphabet="가a ※\n", max_size=60), st.sampled_from([9, 12, 15]), st.floats(1, 200))
def test_a_short_text_is_one_line_without_being_measured(text, size_pt, width_pt):
    """_lines skips measuring a text that fits one line even if every character were 1 em wide:
    it must give what measuring gives."""
    import math

    from reportgen.koreanfmt import text_width_em
    from reportgen.writers.hwpx import _lines

    usable = max(width_pt * 0.92, size_pt)
    measured = sum(max(1, math.ceil(text_width_em(part) * size_pt / usable)) for part in text.split("\n"))
    assert _lines(text, size_pt, width_pt) == measured
