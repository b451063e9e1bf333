"""The OWPML (HWPX) XML layer: namespaces, header entries, section elements and the zip package.

Everything is built with lxml, so record text is always escaped by the serializer. Lengths are
HWPUNIT (1 pt = 100). Element shapes follow what Hancom writes and python-hwpx's validators accept.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from .. import xmlchars
from ..images import IMAGE_TYPES

NS = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app",
    "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hp10": "http://www.hancom.co.kr/hwpml/2016/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
    "hhs": "http://www.hancom.co.kr/hwpml/2011/history",
    "hm": "http://www.hancom.co.kr/hwpml/2011/master-page",
    "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "opf": "http://www.idpf.org/2007/opf/",
    "ooxmlchart": "http://www.hancom.co.kr/hwpml/2016/ooxmlchart",
    "hwpunitchar": "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar",
    "epub": "http://www.idpf.org/2007/ops",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}
HP, HH, HC, HS = (f"{{{NS[p]}}}" for p in ("hp", "hh", "hc", "hs"))
OPF = f"{{{NS['opf']}}}"
LANGS = ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER")
LANG_ATTRS = tuple(lang.lower() for lang in LANGS)
ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "JUSTIFY"}
PER_MM = 7200 / 25.4  # HWPUNIT per mm


def sub(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})


def root(tag: str) -> etree._Element:
    return etree.Element(tag, nsmap=NS)


def xml_bytes(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def per_lang(parent, tag: str, value) -> None:
    sub(parent, tag, **{lang: value for lang in LANG_ATTRS})


# ---------------------------------------------------------------- header.xml entries


def font_faces(parent, faces: list[str]) -> None:
    """Every face declared in every language slot, so Korean, Latin and symbols use the same font."""
    box = sub(parent, HH + "fontfaces", itemCnt=len(LANGS))
    for lang in LANGS:
        face_el = sub(box, HH + "fontface", lang=lang, fontCnt=len(faces))
        for i, face in enumerate(faces):
            font = sub(face_el, HH + "font", id=i, face=face, type="TTF", isEmbedded=0)
            sub(
                font,
                HH + "typeInfo",
                familyType="FCAT_GOTHIC",
                weight=6,
                proportion=4,
                contrast=0,
                strokeVariation=1,
                armStyle=1,
                letterform=1,
                midline=1,
                xHeight=1,
            )


def border_fill(parent, id_: int, line: str = "NONE", width: str = "0.12 mm", fill: str | None = None):
    bf = sub(parent, HH + "borderFill", id=id_, threeD=0, shadow=0, centerLine="NONE", breakCellSeparateLine=0)
    sub(bf, HH + "slash", type="NONE", Crooked=0, isCounter=0)
    sub(bf, HH + "backSlash", type="NONE", Crooked=0, isCounter=0)
    for side in ("leftBorder", "rightBorder", "topBorder", "bottomBorder"):
        sub(bf, HH + side, type=line, width=width, color="#000000")
    sub(bf, HH + "diagonal", type="SOLID", width="0.1 mm", color="#000000")
    if fill:
        brush = sub(bf, HC + "fillBrush")
        sub(brush, HC + "winBrush", faceColor="#" + fill.lstrip("#"), hatchColor="#999999", alpha=0)
    return bf


def char_pr(parent, id_: int, font: int, size_pt: float, bold: bool = False):
    cp = sub(
        parent,
        HH + "charPr",
        id=id_,
        height=round(size_pt * 100),
        textColor="#000000",
        shadeColor="none",
        useFontSpace=0,
        useKerning=0,
        symMark="NONE",
        borderFillIDRef=2,
    )
    per_lang(cp, HH + "fontRef", font)
    per_lang(cp, HH + "ratio", 100)
    per_lang(cp, HH + "spacing", 0)
    per_lang(cp, HH + "relSz", 100)
    per_lang(cp, HH + "offset", 0)
    if bold:
        sub(cp, HH + "bold")
    sub(cp, HH + "underline", type="NONE", shape="SOLID", color="#000000")
    sub(cp, HH + "strikeout", shape="NONE", color="#000000")
    sub(cp, HH + "outline", type="NONE")
    sub(cp, HH + "shadow", type="NONE", color="#C0C0C0", offsetX=10, offsetY=10)
    return cp


def para_pr(parent, id_: int, align: str, line_pct: int, prev_pt: float = 0.0):
    pp = sub(
        parent,
        HH + "paraPr",
        id=id_,
        tabPrIDRef=0,
        condense=0,
        fontLineHeight=0,
        snapToGrid=1,
        suppressLineNumbers=0,
        checked=0,
        textDir="LTR",
    )
    sub(pp, HH + "align", horizontal=ALIGN[align], vertical="BASELINE")
    sub(pp, HH + "heading", type="NONE", idRef=0, level=0)
    # Korean wraps between words (어절). Hancom reads breakNonLatinWord the reverse of its name:
    # BREAK_WORD keeps Hangul words whole, KEEP_WORD breaks between any two syllables.
    sub(
        pp,
        HH + "breakSetting",
        breakLatinWord="KEEP_WORD",
        breakNonLatinWord="BREAK_WORD",
        widowOrphan=0,
        keepWithNext=0,
        keepLines=0,
        pageBreakBefore=0,
        lineWrap="BREAK",
    )
    sub(pp, HH + "autoSpacing", eAsianEng=0, eAsianNum=0)
    switch = sub(pp, HP + "switch")
    etree.SubElement(switch, HP + "case", {HP + "required-namespace": NS["hwpunitchar"]})
    sub(switch, HP + "default")
    set_margins(pp, left=0, intent=0, prev=round(prev_pt * 100), line_pct=line_pct)
    sub(pp, HH + "border", borderFillIDRef=2, offsetLeft=0, offsetRight=0, offsetTop=0, offsetBottom=0, connect=0, ignoreMargin=0)
    return pp


def para_margins(pp) -> dict[str, int]:
    """The paragraph's margins in real HWPUNIT (what the HwpUnitChar case holds, as Hancom reads)."""
    margin = pp.find(f"{HP}switch/{HP}case/{HH}margin")
    scale = 1
    if margin is None:  # no switch: lengths are stored doubled, as in HWP 5
        margin, scale = pp.find(HH + "margin"), 2
    out = {name: 0 for name in ("intent", "left", "right", "prev", "next")}
    if margin is not None:
        for child in margin:
            out[etree.QName(child).localname] = int(child.get("value", "0")) // scale
    return out


def set_margins(pp, *, line_pct: int | None = None, **values: int) -> None:
    """Set margins (real HWPUNIT) in both switch branches — the case holds them as is, the
    default (older readers) doubled — keeping every value not given."""
    current = para_margins(pp)
    current.update(values)
    spacing = pp.find(f".//{HH}lineSpacing")
    pct = line_pct if line_pct is not None else int(spacing.get("value")) if spacing is not None else 160
    switch = pp.find(HP + "switch")
    if switch is None:  # a plain margin (restyled template): turn it into Hancom's switch
        for old in (pp.find(HH + "margin"), pp.find(HH + "lineSpacing")):
            if old is not None:
                pp.remove(old)
        switch = etree.Element(HP + "switch")
        etree.SubElement(switch, HP + "case", {HP + "required-namespace": NS["hwpunitchar"]})
        sub(switch, HP + "default")
        border = pp.find(HH + "border")
        (border.addprevious(switch) if border is not None else pp.append(switch))
    for branch, scale in ((switch.find(HP + "case"), 1), (switch.find(HP + "default"), 2)):
        for child in list(branch):
            branch.remove(child)
        margin = sub(branch, HH + "margin")
        for name in ("intent", "left", "right", "prev", "next"):
            sub(margin, HC + name, value=current[name] * scale, unit="HWPUNIT")
        sub(branch, HH + "lineSpacing", type="PERCENT", value=pct, unit="HWPUNIT")


def tab_pr(parent, id_: int, right_leader_at: int | None = None):
    """A tab definition; with `right_leader_at` (HWPUNIT from the paragraph's left margin) one
    right-aligned stop with a dot leader — a schedule row's what …… when. Like margins, the
    position is held as is in the HwpUnitChar case and doubled in the default branch."""
    tp = sub(parent, HH + "tabPr", id=id_, autoTabLeft=0, autoTabRight=0)
    if right_leader_at is not None:
        switch = sub(tp, HP + "switch")
        case = etree.SubElement(switch, HP + "case", {HP + "required-namespace": NS["hwpunitchar"]})
        sub(case, HH + "tabItem", pos=right_leader_at, type="RIGHT", leader="DOT", unit="HWPUNIT")
        sub(sub(switch, HP + "default"), HH + "tabItem", pos=right_leader_at * 2, type="RIGHT", leader="DOT")
    return tp


# An inline tab's leader and kind as the HWP tab control numbers them (DOT = 2, RIGHT = 1);
# its width is a hint that Hancom recomputes when it lays the line out.
TAB_LEADER_DOT, TAB_RIGHT = 2, 1


def style(parent, id_: int, name: str, para: int, char: int):
    return sub(
        parent,
        HH + "style",
        id=id_,
        type="PARA",
        name=name,
        engName=name,
        paraPrIDRef=para,
        charPrIDRef=char,
        nextStyleIDRef=id_,
        langID=1042,
        lockForm=0,
    )


def header_root(faces: list[str]) -> etree._Element:
    """An empty head with its fixed parts; callers fill borderFills, charProperties, paraProperties
    and styles (each returned list element has an itemCnt to keep right)."""
    head = root(HH + "head")
    head.set("version", "1.5")
    head.set("secCnt", "1")
    sub(head, HH + "beginNum", page=1, footnote=1, endnote=1, pic=1, tbl=1, equation=1)
    refs = sub(head, HH + "refList")
    font_faces(refs, faces)
    for name in ("borderFills", "charProperties"):
        sub(refs, HH + name, itemCnt=0)
    tabs = sub(refs, HH + "tabProperties", itemCnt=1)
    tab_pr(tabs, 0)
    for name in ("paraProperties", "styles"):
        sub(refs, HH + name, itemCnt=0)
    compat = sub(head, HH + "compatibleDocument", targetProgram="HWP201X")
    sub(compat, HH + "layoutCompatibility")
    option = sub(head, HH + "docOption")
    sub(option, HH + "linkinfo", path="", pageInherit=0, footnoteInherit=0)
    sub(head, HH + "trackchageConfig", flags=56)
    return head


def ref_list(head, name: str) -> etree._Element:
    """A refList container (borderFills, charProperties, paraProperties, styles)."""
    found = head.find(f"{HH}refList/{HH}{name}")
    if found is None:
        raise ValueError(f"header.xml has no hh:{name}")
    return found


def append_entry(head, list_name: str, make, *args, **kwargs) -> int:
    """Append an entry with the next free id to a refList container and return that id.
    Border fills count from 1 (Hancom's convention), the other lists from 0."""
    box = ref_list(head, list_name)
    first = 1 if list_name == "borderFills" else 0
    new_id = max((int(e.get("id")) for e in box), default=first - 1) + 1
    make(box, new_id, *args, **kwargs)
    box.set("itemCnt", str(len(box)))
    return new_id


# ---------------------------------------------------------------- section0.xml elements

_SEC_PRS: dict[tuple, list[etree._Element]] = {}


def sec_pr(run, *, width: int, height: int, margins: dict[str, int], border: int) -> None:
    """The section's page setup (hp:secPr and the column control), copied from one made per setup."""
    key = (width, height, tuple(margins.items()), border)
    made = _SEC_PRS.get(key)
    if made is None:
        holder = etree.Element(HP + "run")
        _sec_pr(holder, width=width, height=height, margins=margins, border=border)
        made = _SEC_PRS[key] = list(holder)
    for element in made:
        run.append(element.__copy__())


def _sec_pr(run, *, width: int, height: int, margins: dict[str, int], border: int) -> None:
    sp = sub(
        run,
        HP + "secPr",
        id="",
        textDirection="HORIZONTAL",
        spaceColumns=1134,
        tabStop=8000,
        tabStopVal=4000,
        tabStopUnit="HWPUNIT",
        outlineShapeIDRef=0,
        memoShapeIDRef=0,
        textVerticalWidthHead=0,
        masterPageCnt=0,
    )
    sub(sp, HP + "grid", lineGrid=0, charGrid=0, wonggojiFormat=0)
    sub(sp, HP + "startNum", pageStartsOn="BOTH", page=0, pic=0, tbl=0, equation=0)
    sub(
        sp,
        HP + "visibility",
        hideFirstHeader=0,
        hideFirstFooter=0,
        hideFirstMasterPage=0,
        border="SHOW_ALL",
        fill="SHOW_ALL",
        hideFirstPageNum=0,
        hideFirstEmptyLine=0,
        showLineNumber=0,
    )
    sub(sp, HP + "lineNumberShape", restartType=0, countBy=0, distance=0, startNumber=0)
    page = sub(sp, HP + "pagePr", landscape="WIDELY", width=width, height=height, gutterType="LEFT_ONLY")
    sub(page, HP + "margin", gutter=0, **margins)
    for tag, place, length in (("footNotePr", "EACH_COLUMN", -1), ("endNotePr", "END_OF_DOCUMENT", 14692344)):
        note = sub(sp, HP + tag)
        sub(note, HP + "autoNumFormat", type="DIGIT", userChar="", prefixChar="", suffixChar=")", supscript=0)
        sub(note, HP + "noteLine", length=length, type="SOLID", width="0.12 mm", color="#000000")
        sub(note, HP + "noteSpacing", betweenNotes=283, belowLine=567, aboveLine=850)
        sub(note, HP + "numbering", type="CONTINUOUS", newNum=1)
        sub(note, HP + "placement", place=place, beneathText=0)
    for kind in ("BOTH", "EVEN", "ODD"):
        pbf = sub(
            sp,
            HP + "pageBorderFill",
            type=kind,
            borderFillIDRef=border,
            textBorder="PAPER",
            headerInside=0,
            footerInside=0,
            fillArea="PAPER",
        )
        sub(pbf, HP + "offset", left=1417, right=1417, top=1417, bottom=1417)
    ctrl = sub(run, HP + "ctrl")
    sub(ctrl, HP + "colPr", id="", type="NEWSPAPER", layout="LEFT", colCount=1, sameSz=1, sameGap=0)


def page_number(run, side_char: str = "-") -> None:
    """Bottom-centre page number, printed as "- n -"."""
    ctrl = sub(run, HP + "ctrl")
    sub(ctrl, HP + "pageNum", pos="BOTTOM_CENTER", formatType="DIGIT", sideChar=side_char)


def hide_page_number(run) -> None:
    ctrl = sub(run, HP + "ctrl")
    sub(ctrl, HP + "pageHiding", hideHeader=0, hideFooter=0, hideMasterPage=0, hideBorder=0, hideFill=0, hidePageNum=1)


def restart_page_number(run) -> None:
    ctrl = etree.Element(HP + "ctrl")
    run.insert(0, ctrl)  # before the run's text, as Hancom places controls
    sub(ctrl, HP + "newNum", num=1, numType="PAGE")


def paragraph(parent, id_: int, para: int, style_id: int, page_break: bool = False):
    # the hot path: attributes given as strings, no keyword conversion
    return etree.SubElement(
        parent,
        HP + "p",
        {
            "id": str(id_),
            "paraPrIDRef": str(para),
            "styleIDRef": str(style_id),
            "pageBreak": "1" if page_break else "0",
            "columnBreak": "0",
            "merged": "0",
        },
    )


_TEXT_PARAS: dict[tuple, etree._Element] = {}


def text_paragraph(parent, id_: int, para: int, style_id: int, char: int, text: str, page_break: bool = False) -> etree._Element:
    """paragraph() holding text_run(char, text): the same elements, for plain text copied from a
    prototype made once per (paraPr, style, charPr, page break) — one C-level copy, one id, one text."""
    if "\t" in text or "\n" in text or "\r" in text:
        p = paragraph(parent, id_, para, style_id, page_break)
        text_run(p, char, text)
        return p
    xmlchars.check(text)
    key = (para, style_id, char, page_break)
    proto = _TEXT_PARAS.get(key)
    if proto is None:
        proto = _TEXT_PARAS[key] = paragraph(etree.Element(HP + "holder"), 0, para, style_id, page_break)
        text_run(proto, char, "")
    p = proto.__copy__()
    parent.append(p)
    p.set("id", str(id_))
    p[0][0].text = text
    return p


def leader_tabs(run, width: int) -> None:
    """Mark the tabs of a run as right tabs with a dot leader (see tab_pr)."""
    for tab in run.iter(HP + "tab"):
        tab.set("width", str(width))
        tab.set("leader", str(TAB_LEADER_DOT))
        tab.set("type", str(TAB_RIGHT))


def text_run(p, char: int, text: str) -> etree._Element:
    """A run whose text keeps tabs (hp:tab) and line breaks (hp:lineBreak; "\r\n" and "\r" are
    one line break each). ValueError (xmlchars.check) for a character XML cannot carry."""
    text = xmlchars.check(text).replace("\r\n", "\n").replace("\r", "\n")
    run = etree.SubElement(p, HP + "run", {"charPrIDRef": str(char)})
    t = etree.SubElement(run, HP + "t")
    if "\t" not in text and "\n" not in text:
        t.text = text
        return run
    pieces = re.split(r"([\t\n])", text)
    t.text = pieces[0]
    last = None
    for sep, piece in zip(pieces[1::2], pieces[2::2]):
        last = sub(t, HP + ("tab" if sep == "\t" else "lineBreak"))
        last.tail = piece
    return run


def table(
    run, id_: int, *, rows: int, cols: int, width: int, height: int, border: int, repeat_header: bool, inline: bool, margin: dict[str, int]
) -> etree._Element:
    """A table. A flowing (not inline) table is what Hancom breaks across pages between rows."""
    tbl = sub(
        run,
        HP + "tbl",
        id=id_,
        zOrder=0,
        numberingType="TABLE",
        textWrap="TOP_AND_BOTTOM",
        textFlow="BOTH_SIDES",
        lock=0,
        dropcapstyle="None",
        pageBreak="CELL",
        repeatHeader=int(repeat_header),
        rowCnt=rows,
        colCnt=cols,
        cellSpacing=0,
        borderFillIDRef=border,
        noAdjust=0,
    )
    placed(tbl, width, height, inline)
    sub(tbl, HP + "inMargin", **margin)
    return tbl


def _cell_prototype(header: bool, border: int, margin: tuple[tuple[str, int], ...], valign: str) -> etree._Element:
    tc = etree.Element(HP + "tc", nsmap=None)
    for k, v in (
        ("name", ""),
        ("header", "1" if header else "0"),
        ("hasMargin", "0"),
        ("protect", "0"),
        ("editable", "0"),
        ("dirty", "0"),
        ("borderFillIDRef", str(border)),
    ):
        tc.set(k, v)
    sub(
        tc,
        HP + "subList",
        id="",
        textDirection="HORIZONTAL",
        lineWrap="BREAK",
        vertAlign=valign,
        linkListIDRef=0,
        linkListNextIDRef=0,
        textWidth=0,
        textHeight=0,
        hasTextRef=0,
        hasNumRef=0,
    )
    sub(tc, HP + "cellAddr", colAddr=0, rowAddr=0)
    sub(tc, HP + "cellSpan", colSpan=1, rowSpan=1)
    sub(tc, HP + "cellSz", width=0, height=0)
    cell_margin = sub(tc, HP + "cellMargin", left=0, right=0, top=0, bottom=0)
    for side, value in margin:
        cell_margin.set(side, str(value))
    return tc


# Copied per cell: one C-level copy instead of six Python-built elements, with what a table's
# cells share (header flag, border, margins, vertical alignment) already set.
_CELLS: dict[tuple, etree._Element] = {}


def cell(
    tr,
    *,
    col: int,
    row: int,
    colspan: int,
    rowspan: int,
    width: int,
    height: int,
    border: int,
    header: bool,
    margin: dict[str, int],
    valign: str = "CENTER",
) -> etree._Element:
    """A table cell; returns its hp:subList for the cell's paragraphs."""
    key = (header, border, tuple(margin.items()), valign)
    proto = _CELLS.get(key)
    if proto is None:
        proto = _CELLS[key] = _cell_prototype(*key)
    tc = proto.__copy__()  # lxml's copy is deep (and C-level)
    tr.append(tc)
    sub_list, addr, span, size, _ = tc
    if col:
        addr.set("colAddr", str(col))
    if row:
        addr.set("rowAddr", str(row))
    if colspan != 1:
        span.set("colSpan", str(colspan))
    if rowspan != 1:
        span.set("rowSpan", str(rowspan))
    size.set("width", str(width))
    size.set("height", str(height))
    return sub_list


def picture(run, id_: int, bin_id: str, width: int, height: int, pixels: tuple[int, int]) -> etree._Element:
    """An inline picture drawn from a BinData item, `width` × `height` on the page. The image's own
    size (imgDim, and the clip over it) is its pixel size at 96 dpi, as Hancom records it."""
    dim_w, dim_h = (px * 75 for px in pixels)
    pic = sub(
        run,
        HP + "pic",
        textWrap="TOP_AND_BOTTOM",
        textFlow="BOTH_SIDES",
        reverse=0,
        id=id_,
        zOrder=0,
        numberingType="PICTURE",
        lock=0,
        dropcapstyle="None",
        href="",
        groupLevel=0,
        instid=id_,
    )
    sub(pic, HP + "offset", x=0, y=0)
    sub(pic, HP + "orgSz", width=width, height=height)
    sub(pic, HP + "curSz", width=width, height=height)
    sub(pic, HP + "flip", horizontal=0, vertical=0)
    sub(pic, HP + "rotationInfo", angle=0, centerX=width // 2, centerY=height // 2, rotateimage=1)
    info = sub(pic, HP + "renderingInfo")
    for name in ("transMatrix", "scaMatrix", "rotMatrix"):
        sub(info, HC + name, e1=1, e2=0, e3=0, e4=0, e5=1, e6=0)
    rect = sub(pic, HP + "imgRect")
    for i, (x, y) in enumerate(((0, 0), (width, 0), (width, height), (0, height))):
        sub(rect, HC + f"pt{i}", x=x, y=y)
    sub(pic, HP + "imgClip", left=0, right=dim_w, top=0, bottom=dim_h)
    sub(pic, HP + "inMargin", left=0, right=0, top=0, bottom=0)
    sub(pic, HP + "imgDim", dimwidth=dim_w, dimheight=dim_h)
    sub(pic, HC + "img", binaryItemIDRef=bin_id, bright=0, contrast=0, effect="REAL_PIC", alpha=0)
    sub(pic, HP + "effects")
    placed(pic, width, height, True)
    sub(pic, HP + "shapeComment")
    return pic


# ---------------------------------------------------------------- package parts

MIMETYPE = b"application/hwp+zip"


def version_xml() -> bytes:
    v = etree.Element("{http://www.hancom.co.kr/hwpml/2011/version}HCFVersion", nsmap={"hv": "http://www.hancom.co.kr/hwpml/2011/version"})
    for k, val in (
        ("tagetApplication", "WORDPROCESSOR"),
        ("major", "5"),
        ("minor", "1"),
        ("micro", "1"),
        ("buildNumber", "0"),
        ("os", "1"),
        ("xmlVersion", "1.5"),
        ("application", "reportgen"),
        ("appVersion", "1.0"),
    ):
        v.set(k, val)
    return xml_bytes(v)


def settings_xml() -> bytes:
    s = etree.Element(f"{{{NS['ha']}}}HWPApplicationSetting", nsmap={"ha": NS["ha"], "config": NS["config"]})
    sub(s, f"{{{NS['ha']}}}CaretPosition", listIDRef=0, paraIDRef=0, pos=0)
    return xml_bytes(s)


def container_xml() -> bytes:
    ocf = "urn:oasis:names:tc:opendocument:xmlns:container"
    c = etree.Element(f"{{{ocf}}}container", nsmap={"ocf": ocf, "hpf": NS["hpf"]})
    files = sub(c, f"{{{ocf}}}rootfiles")
    sub(files, f"{{{ocf}}}rootfile", **{"full-path": "Contents/content.hpf", "media-type": "application/hwpml-package+xml"})
    sub(files, f"{{{ocf}}}rootfile", **{"full-path": "Preview/PrvText.txt", "media-type": "text/plain"})
    return xml_bytes(c)


def manifest_xml() -> bytes:
    odf = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    return xml_bytes(etree.Element(f"{{{odf}}}manifest", nsmap={"odf": odf}))


def content_hpf(*, title: str, author: str, date: str, images: list[tuple[str, str]]) -> bytes:
    """The package manifest; `images` are (item id, href). Dates are fixed by the caller."""
    pkg = root(OPF + "package")
    for k in ("version", "unique-identifier", "id"):
        pkg.set(k, "")
    meta = sub(pkg, OPF + "metadata")
    sub(meta, OPF + "title").text = xmlchars.check(title)
    sub(meta, OPF + "language").text = "ko"
    stamp = f"{date}T00:00:00Z" if date else ""
    for name, value in (
        ("creator", author),
        ("subject", ""),
        ("description", ""),
        ("lastsaveby", author),
        ("CreatedDate", stamp),
        ("ModifiedDate", stamp),
        ("date", date),
        ("keyword", ""),
    ):
        sub(meta, OPF + "meta", name=name, content="text").text = xmlchars.check(value)
    man = sub(pkg, OPF + "manifest")
    sub(man, OPF + "item", id="header", href="Contents/header.xml", **{"media-type": "application/xml"})
    sub(man, OPF + "item", id="section0", href="Contents/section0.xml", **{"media-type": "application/xml"})
    sub(man, OPF + "item", id="settings", href="settings.xml", **{"media-type": "application/xml"})
    for item_id, href in images:
        ext = href.rsplit(".", 1)[-1].lower()
        sub(man, OPF + "item", id=item_id, href=href, isEmbeded=1, **{"media-type": IMAGE_TYPES.get(ext, "application/octet-stream")})
    spine = sub(pkg, OPF + "spine")
    sub(spine, OPF + "itemref", idref="header", linear="yes")
    sub(spine, OPF + "itemref", idref="section0", linear="yes")
    return xml_bytes(pkg)


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same document gives the same bytes


def package(parts: list[tuple[str, bytes]]) -> bytes:
    """The zip: `mimetype` first and stored (readers sniff it), the rest deflated."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in [("mimetype", MIMETYPE)] + parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=1)  # level 1: a third of the time, ~10% larger
    return out.getvalue()


def placed(obj, width: int, height: int, inline: bool) -> None:
    """Size, position and outer margin of a table or picture: in the text's flow at the column's left,
    as a character when `inline` (Hangul then keeps it with its line)."""
    sub(obj, HP + "sz", width=width, widthRelTo="ABSOLUTE", height=height, heightRelTo="ABSOLUTE", protect=0)
    sub(
        obj,
        HP + "pos",
        treatAsChar=int(inline),
        affectLSpacing=0,
        flowWithText=1,
        allowOverlap=0,
        holdAnchorAndSO=0,
        vertRelTo="PARA",
        horzRelTo="COLUMN",
        vertAlign="TOP",
        horzAlign="LEFT",
        vertOffset=0,
        horzOffset=0,
    )
    sub(obj, HP + "outMargin", left=0, right=0, top=0, bottom=0)
