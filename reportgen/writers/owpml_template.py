"""header.xml from an organisation's HWPX template (restyled in Hangul): the one place the HWPX
writer reads XML, so lxml is imported only when a template is given. The template's head is
parsed, the writer's entries (owpml_head's text) are grafted on, and the result is serialised once
into the same `owpml_head.Header` a built-in head gives: the bytes around the paraPr variants,
and each role's paraPr as a template with slots, serialised in the place the variants go.
"""

from __future__ import annotations

import copy
import dataclasses
import zipfile
from pathlib import Path

from lxml import etree

from .. import layout
from .owpml import HC, HH, HP, NS, XMLNS
from .owpml_head import MARGINS, REQUIRED_ROLES, SLOT, SLOTS, STYLE_PREFIX, Header, ParaTemplate, Style


def xml_bytes(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def ref_list(head, name: str):
    """A refList container (borderFills, charProperties, paraProperties, styles)."""
    found = head.find(f"{HH}refList/{HH}{name}")
    if found is None:
        raise ValueError(f"header.xml has no hh:{name}")
    return found


def graft(parent, element) -> None:
    """Append a copy of `element` built as lxml builds new elements under `parent` (the
    template's namespace prefixes, no declarations of the text's own)."""
    new = etree.SubElement(parent, element.tag, dict(element.attrib))
    for child in element:
        graft(new, child)


def para_margins(pp) -> dict[str, int]:
    """The paragraph's margins in real HWPUNIT (what the HwpUnitChar case holds, as Hancom reads)."""
    margin = pp.find(f"{HP}switch/{HP}case/{HH}margin")
    scale = 1
    if margin is None:  # no switch: lengths are stored doubled, as in HWP 5
        margin, scale = pp.find(HH + "margin"), 2
    out = dict.fromkeys(MARGINS, 0)
    if margin is not None:
        for child in margin:
            out[etree.QName(child).localname] = int(child.get("value", "0")) // scale
    return out


def set_margins(pp, margins: dict[str, int], line_pct: int) -> None:
    """Margins (real HWPUNIT) and line spacing in both switch branches — the case holds them as
    is, the default (older readers) doubled; a plain margin becomes Hancom's switch."""
    switch = pp.find(HP + "switch")
    if switch is None:
        for old in (pp.find(HH + "margin"), pp.find(HH + "lineSpacing")):
            if old is not None:
                pp.remove(old)
        switch = etree.Element(HP + "switch")
        etree.SubElement(switch, HP + "case", {HP + "required-namespace": NS["hwpunitchar"]})
        etree.SubElement(switch, HP + "default")
        border = pp.find(HH + "border")
        (border.addprevious(switch) if border is not None else pp.append(switch))
    for branch, scale in ((switch.find(HP + "case"), 1), (switch.find(HP + "default"), 2)):
        for child in list(branch):
            branch.remove(child)
        margin = etree.SubElement(branch, HH + "margin")
        for name in MARGINS:
            etree.SubElement(margin, HC + name, {"value": str(margins[name] * scale), "unit": "HWPUNIT"})
        etree.SubElement(branch, HH + "lineSpacing", {"type": "PERCENT", "value": str(line_pct), "unit": "HWPUNIT"})


def _ascii_attr(name: str, value) -> str:
    """An attribute as lxml serialises it in ASCII (a variant's serialisation, see para_template)."""
    if value is None:
        return ""
    text = etree.tostring(etree.Element("a", {name: value}))
    return text[2:-2].decode()  # b'<a name="…"/>' → ' name="…"'


def para_template(para, box) -> ParaTemplate:
    """`para` as a variant is serialised in `box` (the variants' place): with its margins in the
    switch, and a sentinel in each slot, found again in the text."""
    pp = copy.deepcopy(para)
    margins = para_margins(pp)
    spacing = pp.find(f".//{HH}lineSpacing")
    line_pct = int(spacing.get("value")) if spacing is not None else 160
    set_margins(pp, margins, line_pct)
    align, keep = pp.find(HH + "align"), pp.find(HH + "breakSetting")
    values = {
        "tabPrIDRef": _ascii_attr("tabPrIDRef", pp.get("tabPrIDRef")),
        "horizontal": "" if align is None else _ascii_attr("horizontal", align.get("horizontal")),
        "keepWithNext": "" if keep is None else _ascii_attr("keepWithNext", keep.get("keepWithNext")),
    }
    marks = {}

    def mark(element, attr: str, slot: str) -> None:
        if element is not None:
            element.set(attr, f"RGslot{SLOTS.index(slot)}")
            marks[slot] = attr

    mark(pp, "id", "id")
    mark(pp, "tabPrIDRef", "tabPrIDRef")
    mark(align, "horizontal", "horizontal")
    mark(keep, "keepWithNext", "keepWithNext")
    for branch in ("case", "default"):
        found = pp.find(f"{HP}switch/{HP}{branch}")
        for name in MARGINS:
            mark(found.find(f"{HH}margin/{HC}{name}"), "value", f"{branch} {name}")
        mark(found.find(HH + "lineSpacing"), "value", f"{branch} line")
    box.append(pp)
    raw = etree.tostring(box, with_tail=False).decode("ascii")
    box.remove(pp)
    text = raw[raw.index(">") + 1 : raw.rindex("</")]
    if "\0" in text:
        raise ValueError("HWPX template header holds a NUL")
    for slot, attr in marks.items():
        sentinel = f' {attr}="RGslot{SLOTS.index(slot)}"'
        if text.count(sentinel) != 1:
            raise ValueError(f"HWPX template paraPr: cannot place {slot}")
        text = text.replace(sentinel, SLOT[slot])
    return ParaTemplate.parse(text, values, margins, line_pct)


class TemplateHead:
    """A template's header.xml, with the writer's entries appended (the same interface as
    owpml_head.LayoutHead)."""

    def __init__(self, template: str | Path):
        self.template = template
        with zipfile.ZipFile(template) as zf:
            self.head = etree.fromstring(zf.read("Contents/header.xml"))
        self._paras: dict[str, object] = {}

    def styles(self, template=None) -> dict[str, Style]:
        """The style of every layout role (\"RG <role>\"); ValueError naming the ones a template lacks."""
        head = self.head
        chars = {e.get("id"): e for e in head.iter(HH + "charPr")}
        paras = {e.get("id"): e for e in head.iter(HH + "paraPr")}
        by_name = {e.get("name"): e for e in head.iter(HH + "style")}
        missing = [STYLE_PREFIX + r for r in REQUIRED_ROLES if STYLE_PREFIX + r not in by_name]
        if missing:
            raise ValueError(f"HWPX template {self.template} lacks style(s): {', '.join(missing)}")
        styles = {}
        for role in REQUIRED_ROLES:
            s = by_name[STYLE_PREFIX + role]
            char, para = chars[s.get("charPrIDRef")], paras[s.get("paraPrIDRef")]
            spacing = para.find(f".//{HH}lineSpacing")
            self._paras[role] = para
            styles[role] = Style(
                int(s.get("id")),
                int(char.get("id")),
                int(para.get("id")),
                None,  # the paraPr template: made by header(), where variants are serialised
                int(char.get("height")) / 100,
                int(spacing.get("value")) if spacing is not None else layout.LINE_SPACING_PCT,
            )
        self._styles = styles
        return styles

    def append(self, list_name: str, make, *args, **kwargs) -> int:
        """Append `make(id, *args)` (owpml_head's text) with the next free id and return that id.
        Border fills count from 1 (Hancom's convention), the other lists from 0."""
        box = ref_list(self.head, list_name)
        first = 1 if list_name == "borderFills" else 0
        new_id = max((int(e.get("id")) for e in box), default=first - 1) + 1
        graft(box, etree.fromstring(f"<w {XMLNS}>{make(new_id, *args, **kwargs)}</w>")[0])
        box.set("itemCnt", str(len(box)))
        return new_id

    def header(self) -> Header:
        base = xml_bytes(self.head)
        n = 0
        while f"RGcount{n}".encode() in base or f"RGvariants{n}".encode() in base:
            n += 1
        count_mark, tag = f"RGcount{n}", f"RGvariants{n}"
        marked = copy.deepcopy(self.head)
        box = ref_list(marked, "paraProperties")
        first_id = max((int(e.get("id")) for e in box), default=-1) + 1
        count = len(box)
        box.set("itemCnt", count_mark)
        mark = etree.SubElement(box, HH + tag)
        data = xml_bytes(marked)
        at, t = data.index(count_mark.encode()), data.index(tag.encode())
        start, end = data.rindex(b"<", 0, t), data.index(b">", t) + 1
        pieces = (data[:at], data[at + len(count_mark) : start], data[end:])
        # The variants' place: the head with an empty hh:paraProperties.
        box.remove(mark)
        for child in list(box):
            box.remove(child)
        box.text = None  # (an indented template's whitespace before the first paraPr)
        styles = {role: dataclasses.replace(st, para_template=para_template(self._paras[role], box)) for role, st in self._styles.items()}
        return Header(base, pieces, first_id, count, styles)
