"""header.xml as text, built once per writer: from layout.py here (no XML library, so a cold HWPX
render or a batch worker never imports lxml), or from an organisation's template in owpml_template.py.
The writer appends its table borders and leader tab; each document's paragraph variants (indents,
alignment) are rendered from the role's paraPr template and spliced in as bytes. The bytes are
what an lxml tree of the same elements serialises to (tests/writers/test_hwpx_pinned.py holds them).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import layout
from . import package
from .owpml import ALIGN, DECLARATION, LANGS, NS, XMLNS

STYLE_PREFIX = "RG "
REQUIRED_ROLES = tuple(layout.STYLES)  # every layout role is a style the writer may use
LANG_ATTRS = tuple(lang.lower() for lang in LANGS)
MARGINS = ("intent", "left", "right", "prev", "next")

_ATTR_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def attr(name: str, value) -> str:
    """` name="value"`, the value escaped as lxml escapes an attribute."""
    if type(value) is int:  # (most values: nothing to escape)
        return f' {name}="{value}"'
    value = str(value)
    for char, ref in _ATTR_ESCAPES:
        if char in value:
            value = value.replace(char, ref)
    return f' {name}="{value}"'


def el(tag: str, inner: str = "", /, **attrs) -> str:
    """An element of the writer's own values; empty ones closed as lxml closes them."""
    text = "".join(attr(k, v) for k, v in attrs.items())
    return f"<{tag}{text}>{inner}</{tag}>" if inner else f"<{tag}{text}/>"


def per_lang(tag: str, value) -> str:
    return el(tag, **{lang: value for lang in LANG_ATTRS})


# ---------------------------------------------------------------- header.xml entries


def font_faces(faces: list[str]) -> str:
    """Every face declared in every language slot, so Korean, Latin and symbols use the same font."""
    type_info = el(
        "hh:typeInfo",
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
    fonts = "".join(el("hh:font", type_info, id=i, face=face, type="TTF", isEmbedded=0) for i, face in enumerate(faces))
    return el("hh:fontfaces", "".join(el("hh:fontface", fonts, lang=lang, fontCnt=len(faces)) for lang in LANGS), itemCnt=len(LANGS))


def border_fill(id_: int, line: str = "NONE", width: str = "0.12 mm", fill: str | None = None) -> str:
    sides = "".join(
        el("hh:" + side, type=line, width=width, color="#000000") for side in ("leftBorder", "rightBorder", "topBorder", "bottomBorder")
    )
    inner = (
        el("hh:slash", type="NONE", Crooked=0, isCounter=0)
        + el("hh:backSlash", type="NONE", Crooked=0, isCounter=0)
        + sides
        + el("hh:diagonal", type="SOLID", width="0.1 mm", color="#000000")
    )
    if fill:
        inner += el("hc:fillBrush", el("hc:winBrush", faceColor="#" + fill.lstrip("#"), hatchColor="#999999", alpha=0))
    return el("hh:borderFill", inner, id=id_, threeD=0, shadow=0, centerLine="NONE", breakCellSeparateLine=0)


def char_pr(id_: int, font: int, size_pt: float, bold: bool = False) -> str:
    inner = "".join(
        per_lang("hh:" + tag, value) for tag, value in (("fontRef", font), ("ratio", 100), ("spacing", 0), ("relSz", 100), ("offset", 0))
    )
    inner += (
        ("<hh:bold/>" if bold else "")
        + el("hh:underline", type="NONE", shape="SOLID", color="#000000")
        + el("hh:strikeout", shape="NONE", color="#000000")
        + el("hh:outline", type="NONE")
        + el("hh:shadow", type="NONE", color="#C0C0C0", offsetX=10, offsetY=10)
    )
    return el(
        "hh:charPr",
        inner,
        id=id_,
        height=round(size_pt * 100),
        textColor="#000000",
        shadeColor="none",
        useFontSpace=0,
        useKerning=0,
        symMark="NONE",
        borderFillIDRef=2,
    )


def switch(case: str, default: str) -> str:
    """Hancom's HwpUnitChar switch: the case holds lengths as they are, the default (older
    readers) the same lengths doubled."""
    return f'<hp:switch><hp:case hp:required-namespace="{NS["hwpunitchar"]}">{case}</hp:case><hp:default>{default}</hp:default></hp:switch>'


def _slot(i: int) -> str:
    return f"\0{i}\0"


# A paraPr's slots: the attributes a paragraph variant changes (each a whole ` name="value"`).
SLOTS = (
    "id",
    "tabPrIDRef",
    "horizontal",
    "keepWithNext",
    *(f"case {m}" for m in (*MARGINS, "line")),
    *(f"default {m}" for m in (*MARGINS, "line")),
)
SLOT = {name: _slot(i) for i, name in enumerate(SLOTS)}


def margins_text(branch: str) -> str:
    """hh:margin and hh:lineSpacing of one switch branch, their values left as slots."""
    values = "".join(f"<hc:{m}{SLOT[f'{branch} {m}']}{attr('unit', 'HWPUNIT')}/>" for m in MARGINS)
    return f'<hh:margin>{values}</hh:margin><hh:lineSpacing type="PERCENT"{SLOT[f"{branch} line"]} unit="HWPUNIT"/>'


# The paraPr built from layout.py, every slot open (its values: ParaTemplate's defaults).
PARA_PR = (
    f'<hh:paraPr{SLOT["id"]}{SLOT["tabPrIDRef"]} condense="0" fontLineHeight="0" snapToGrid="1" suppressLineNumbers="0" '
    f'checked="0" textDir="LTR"><hh:align{SLOT["horizontal"]} vertical="BASELINE"/><hh:heading type="NONE" idRef="0" level="0"/>'
    # Korean wraps between words (어절). Hancom reads breakNonLatinWord the reverse of its name:
    # BREAK_WORD keeps Hangul words whole, KEEP_WORD breaks between any two syllables.
    f'<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="BREAK_WORD" widowOrphan="0"{SLOT["keepWithNext"]} '
    'keepLines="0" pageBreakBefore="0" lineWrap="BREAK"/><hh:autoSpacing eAsianEng="0" eAsianNum="0"/>'
    + switch(margins_text("case"), margins_text("default"))
    + '<hh:border borderFillIDRef="2" offsetLeft="0" offsetRight="0" offsetTop="0" offsetBottom="0" connect="0" ignoreMargin="0"/>'
    "</hh:paraPr>"
)


@dataclass(frozen=True)
class ParaTemplate:
    """A role's paraPr as text with slots, and the role's own values. A paragraph variant is the
    role's paraPr with another tab, alignment, keep-with-next, indents or line spacing; lengths are
    real HWPUNIT, held as they are in the switch's case and doubled in its default branch."""

    pieces: tuple[str, ...]  # text, slot index, text, slot index, …, text
    values: dict[str, str]  # slot → its ` name="value"` (or "" where the role's paraPr has no such attribute)
    margins: dict[str, int]
    line_pct: int

    @classmethod
    def parse(cls, text: str, values: dict[str, str], margins: dict[str, int], line_pct: int) -> ParaTemplate:
        parts = text.split("\0")
        return cls(tuple(p if i % 2 == 0 else SLOTS[int(p)] for i, p in enumerate(parts)), values, margins, line_pct)

    def render(self, id_: int, align=None, left=None, intent=None, line_pct=None, keep_next=False, tab=None) -> str:
        values = dict(self.values, id=attr("id", id_))
        if tab is not None:
            values["tabPrIDRef"] = attr("tabPrIDRef", tab)
        if align:
            if not self.values["horizontal"]:
                raise ValueError("the HWPX template's paraPr has no hh:align to set")
            values["horizontal"] = attr("horizontal", ALIGN[align])
        if keep_next:
            if not self.values["keepWithNext"]:
                raise ValueError("the HWPX template's paraPr has no hh:breakSetting to set")
            values["keepWithNext"] = attr("keepWithNext", 1)
        margins = dict(self.margins)
        if left is not None:
            margins["left"] = left
        if intent is not None:
            margins["intent"] = intent
        pct = self.line_pct if line_pct is None else line_pct
        for m, v in margins.items():
            values[f"case {m}"], values[f"default {m}"] = attr("value", v), attr("value", v * 2)
        values["case line"] = values["default line"] = attr("value", pct)
        return "".join(p if i % 2 == 0 else values[p] for i, p in enumerate(self.pieces))


def layout_para(align: str, line_pct: int, prev_pt: float = 0.0) -> ParaTemplate:
    """A role's paraPr from layout.py: no indents, `prev_pt` before it."""
    margins = dict.fromkeys(MARGINS, 0)
    margins["prev"] = round(prev_pt * 100)
    values = {"tabPrIDRef": attr("tabPrIDRef", 0), "horizontal": attr("horizontal", ALIGN[align]), "keepWithNext": attr("keepWithNext", 0)}
    return ParaTemplate.parse(PARA_PR, values, margins, line_pct)


def tab_pr(id_: int, right_leader_at: int | None = None) -> str:
    """A tab definition; with `right_leader_at` (HWPUNIT from the paragraph's left margin) one
    right-aligned stop with a dot leader — a schedule row's what …… when. Like margins, the
    position is held as is in the HwpUnitChar case and doubled in the default branch."""
    inner = ""
    if right_leader_at is not None:
        inner = switch(
            el("hh:tabItem", pos=right_leader_at, type="RIGHT", leader="DOT", unit="HWPUNIT"),
            el("hh:tabItem", pos=right_leader_at * 2, type="RIGHT", leader="DOT"),
        )
    return el("hh:tabPr", inner, id=id_, autoTabLeft=0, autoTabRight=0)


def style(id_: int, name: str, para: int, char: int) -> str:
    return el(
        "hh:style",
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


@dataclass(frozen=True)
class Style:
    """A layout role's style in header.xml: its ids, its paraPr as a template, size and line spacing."""

    style_id: int
    char: int
    para: int
    para_template: ParaTemplate
    size_pt: float
    line_pct: int


# ---------------------------------------------------------------- the head


class LayoutHead:
    """header.xml built from layout.py: fonts in every language slot, one charPr/paraPr/style per
    role. Entries are appended as text; `header()` joins them once."""

    LISTS = ("borderFills", "charProperties", "tabProperties", "paraProperties", "styles")

    def __init__(self):
        faces = list(dict.fromkeys([layout.BODY_FONT, layout.HEAD_FONT, layout.NOTE_FONT] + [s.font for s in layout.STYLES.values()]))
        self.faces = font_faces(faces)
        self.lists: dict[str, list[str]] = {name: [] for name in self.LISTS}
        self.append("tabProperties", tab_pr)
        for _ in range(2):  # 1: page border, 2: character border (charPr refers to it): both none
            self.append("borderFills", border_fill)
        self._styles = {}
        roles = [("바탕글", layout.STYLES["body"])] + [(STYLE_PREFIX + r, s) for r, s in layout.STYLES.items()]
        for name, st in roles:
            char = self.append("charProperties", char_pr, faces.index(st.font), st.size_pt, st.bold)
            template = layout_para(st.align, st.line_pct, st.space_before_pt)
            para = self.append("paraProperties", template.render)
            style_id = self.append("styles", style, name, para, char)
            if name.startswith(STYLE_PREFIX):
                self._styles[name.removeprefix(STYLE_PREFIX)] = Style(style_id, char, para, template, st.size_pt, st.line_pct)

    def styles(self, template=None) -> dict[str, Style]:
        return dict(self._styles)

    def append(self, list_name: str, make, *args, **kwargs) -> int:
        """Append `make(id, *args)` with the next free id and return that id. Border fills count
        from 1 (Hancom's convention), the other lists from 0."""
        entries = self.lists[list_name]
        new_id = len(entries) + (list_name == "borderFills")
        entries.append(make(new_id, *args, **kwargs))
        return new_id

    def text(self, count: str | None = None, variants: str = "") -> str:
        """header.xml; `count` and `variants` replace hh:paraProperties' itemCnt and end (see Header)."""

        def entries(name: str) -> str:
            items = self.lists[name]
            if name != "paraProperties":
                return el(f"hh:{name}", "".join(items), itemCnt=len(items))
            return el(f"hh:{name}", "".join(items) + variants, itemCnt=len(items) if count is None else count)

        refs = self.faces + "".join(entries(name) for name in self.LISTS)
        return (
            f'{DECLARATION}<hh:head {XMLNS} version="1.5" secCnt="1">'
            '<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>'
            f"<hh:refList>{refs}</hh:refList>"
            '<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/></hh:compatibleDocument>'
            '<hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/></hh:docOption>'
            '<hh:trackchageConfig flags="56"/></hh:head>'
        )

    def header(self) -> Header:
        mark = "\0"  # (header text never holds a NUL)
        before, middle, after = (piece.encode() for piece in self.text(mark, mark).split(mark))
        paras = len(self.lists["paraProperties"])
        return Header(self.text().encode(), (before, middle, after), paras, paras, self._styles)


class Header:
    """header.xml as bytes: the writer's head joined once, split where a write's paraPr variants go
    (the end of hh:paraProperties) and at that list's itemCnt. A write's header is those pieces
    around the variants' text — each rendered once per (variant, id) — and is byte for byte what
    appending the variants to the head's tree and serialising it gives. The deflated header is
    kept per variant list (documents of one kind share it)."""

    CACHE = 64

    def __init__(self, base: bytes, pieces: tuple[bytes, bytes, bytes], first_id: int, count: int, styles: dict[str, Style]):
        self.base, self.pieces, self.first_id, self.count, self.styles = base, pieces, first_id, count, styles
        self.variant_bytes: dict[tuple, bytes] = {}
        self.parts: dict[tuple, package.Part] = {}

    def variant(self, key: tuple, id_: int) -> bytes:
        """The paraPr `key` = (role, align, left, intent, line_pct, keep_next, tab) numbered `id_`."""
        found = self.variant_bytes.get((key, id_))
        if found is None:
            role, *changes = key
            found = self.variant_bytes[key, id_] = self.styles[role].para_template.render(id_, *changes).encode()
        return found

    def data(self, keys: tuple) -> bytes:
        if not keys:
            return self.base
        before, middle, after = self.pieces
        out = [self.variant(key, self.first_id + i) for i, key in enumerate(keys)]
        return b"".join([before, str(self.count + len(keys)).encode(), middle, *out, after])

    def part(self, keys: tuple) -> package.Part:
        found = self.parts.get(keys)
        if found is None:
            found = package.part("Contents/header.xml", self.data(keys), level=1)
            if len(self.parts) >= self.CACHE:
                self.parts.pop(next(iter(self.parts)))
            self.parts[keys] = found
        return found
