"""header.xml — the one HWPX part built as an lxml tree, and only once per writer: a template's
header is parsed (an organisation restyles it in Hangul) or one is built from layout.py, the
writer appends its table borders and leader tab, and each document's paragraph variants (indents,
alignment) are derived from the role's paraPr, serialised once and spliced in as bytes.
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import layout
from . import package
from .owpml import ALIGN, HC, HH, HP, LANGS, NS

STYLE_PREFIX = "RG "
REQUIRED_ROLES = tuple(layout.STYLES)  # every layout role is a style the writer may use
LANG_ATTRS = tuple(lang.lower() for lang in LANGS)


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


def header_from_layout() -> etree._Element:
    """header.xml built from layout.py: fonts in every language slot, one charPr/paraPr/style per role."""
    faces = list(dict.fromkeys([layout.BODY_FONT, layout.HEAD_FONT, layout.NOTE_FONT] + [s.font for s in layout.STYLES.values()]))
    head = header_root(faces)
    for _ in range(2):  # 1: page border, 2: character border (charPr refers to it): both none
        append_entry(head, "borderFills", border_fill)
    roles = [("바탕글", layout.STYLES["body"])] + [(STYLE_PREFIX + r, s) for r, s in layout.STYLES.items()]
    for name, st in roles:
        char = append_entry(head, "charProperties", char_pr, faces.index(st.font), st.size_pt, st.bold)
        para = append_entry(head, "paraProperties", para_pr, st.align, st.line_pct, st.space_before_pt)
        append_entry(head, "styles", style, name, para, char)
    return head


def read_template_header(template: str | Path) -> etree._Element:
    with zipfile.ZipFile(template) as zf:
        return etree.fromstring(zf.read("Contents/header.xml"))


@dataclass(frozen=True)
class Style:
    style_id: int
    char: int
    para: int
    para_el: etree._Element
    size_pt: float
    line_pct: int


def read_styles(head, template) -> dict[str, Style]:
    """The style of every layout role (\"RG <role>\"); ValueError naming the ones a template lacks."""
    chars = {e.get("id"): e for e in head.iter(HH + "charPr")}
    paras = {e.get("id"): e for e in head.iter(HH + "paraPr")}
    by_name = {e.get("name"): e for e in head.iter(HH + "style")}
    missing = [STYLE_PREFIX + r for r in REQUIRED_ROLES if STYLE_PREFIX + r not in by_name]
    if missing:
        raise ValueError(f"HWPX template {template} lacks style(s): {', '.join(missing)}")
    styles = {}
    for role in REQUIRED_ROLES:
        s = by_name[STYLE_PREFIX + role]
        char, para = chars[s.get("charPrIDRef")], paras[s.get("paraPrIDRef")]
        spacing = para.find(f".//{HH}lineSpacing")
        styles[role] = Style(
            int(s.get("id")),
            int(char.get("id")),
            int(para.get("id")),
            para,
            int(char.get("height")) / 100,
            int(spacing.get("value")) if spacing is not None else layout.LINE_SPACING_PCT,
        )
    return styles


class Header:
    """header.xml as bytes: the writer's head serialised once, split where a write's paraPr
    variants go (the end of hh:paraProperties) and at that list's itemCnt. A write's header is
    those pieces around the variants' bytes — each variant serialised once, in the same context
    — and is byte for byte what appending the variants to a copy of the head and serialising it
    gives. The deflated header is kept per variant list (documents of one kind share it)."""

    SENTINEL = "RG-itemCnt-sentinel"
    CACHE = 64

    def __init__(self, head, styles: dict[str, Style]):
        self.head, self.styles = head, styles
        self._derived: dict[tuple, etree._Element] = {}
        box = ref_list(head, "paraProperties")
        self.first_id = max((int(e.get("id")) for e in box), default=-1) + 1
        self.count = len(box)
        self.base = xml_bytes(head)
        # The same head with a sentinel itemCnt and a sentinel element where the variants go.
        marked = copy.deepcopy(head)
        mbox = ref_list(marked, "paraProperties")
        mbox.set("itemCnt", self.SENTINEL)
        mark = etree.SubElement(mbox, HH + "rgVariants")
        data = xml_bytes(marked)
        sentinel, tag = self.SENTINEL.encode(), b"rgVariants"
        if data.count(sentinel) != 1 or data.count(tag) != 1:  # a template quoting them: no splicing
            self.pieces = None
        else:
            at, t = data.index(sentinel), data.index(tag)
            start, end = data.rindex(b"<", 0, t), data.index(b">", t) + 1
            self.pieces = (data[:at], data[at + len(sentinel) : start], data[end:])
        mbox.remove(mark)
        # The variants' context: the head with an empty hh:paraProperties.
        for child in list(mbox):
            mbox.remove(child)
        mbox.text = None  # (an indented template's whitespace before the first paraPr)
        self.box = mbox
        self.marked = marked
        self.variant_bytes: dict[tuple, bytes] = {}
        self.parts: dict[tuple, package.Part] = {}

    def derived(self, key: tuple) -> etree._Element:
        """A paraPr derived from a role's (ids are given per write). Cached: the same key always
        gives the same element, so the cache changes speed only, never the output."""
        pp = self._derived.get(key)
        if pp is None:
            role, align, left, intent, line_pct, keep_next, tab = key
            pp = copy.deepcopy(self.styles[role].para_el)
            if tab is not None:
                pp.set("tabPrIDRef", str(tab))
            if align:
                pp.find(HH + "align").set("horizontal", ALIGN[align])
            if keep_next:
                pp.find(HH + "breakSetting").set("keepWithNext", "1")
            indents = {k: v for k, v in (("left", left), ("intent", intent)) if v is not None}
            set_margins(pp, line_pct=line_pct, **indents)
            self._derived[key] = pp
        return pp

    def variant(self, key: tuple, id_: int) -> etree._Element:
        pp = copy.deepcopy(self.derived(key))
        pp.set("id", str(id_))
        return pp

    def data(self, keys: tuple) -> bytes:
        if not keys:
            return self.base
        if self.pieces is None:  # the slow way: the variants appended to a copy of the head
            head = copy.deepcopy(self.head)
            box = ref_list(head, "paraProperties")
            for i, key in enumerate(keys):
                box.append(self.variant(key, self.first_id + i))
            box.set("itemCnt", str(len(box)))
            return xml_bytes(head)
        out = []
        for i, key in enumerate(keys):
            vkey = (key, self.first_id + i)
            vb = self.variant_bytes.get(vkey)
            if vb is None:
                pp = self.variant(key, self.first_id + i)
                self.box.append(pp)
                raw = etree.tostring(self.box, with_tail=False)
                self.box.remove(pp)
                vb = self.variant_bytes[vkey] = raw[raw.index(b">") + 1 : raw.rindex(b"</")]
            out.append(vb)
        before, middle, after = self.pieces
        return b"".join([before, str(self.count + len(keys)).encode(), middle, *out, after])

    def part(self, keys: tuple) -> package.Part:
        found = self.parts.get(keys)
        if found is None:
            found = package.part("Contents/header.xml", self.data(keys), level=1)
            if len(self.parts) >= self.CACHE:
                self.parts.pop(next(iter(self.parts)))
            self.parts[keys] = found
        return found
