"""HTML writer: one standalone, accessible page (styles inline, images as data: URIs, nothing
fetched), readable on a phone. Every size comes from reportgen/layout.py; record text is escaped."""

from __future__ import annotations

import base64
from html import escape as _escape
from pathlib import Path

from .. import layout, xmlchars
from ..images import IMAGE_TYPES
from ..model import Cell, Document, Heading, Image, Item, Leader, PageBreak, Paragraph, Table

# The Hancom fonts named by layout.py are rarely installed; fall back to the faces that
# templates/fontconfig maps them to, then to a generic family.
FALLBACKS = {
    layout.BODY_FONT: ["NanumMyeongjo", "Nanum Myeongjo", "Noto Serif CJK KR", "serif"],
    layout.HEAD_FONT: ["NanumSquare", "NanumGothic", "Noto Sans CJK KR", "sans-serif"],
    layout.NOTE_FONT: ["Malgun Gothic", "NanumGothic", "Nanum Gothic", "Noto Sans CJK KR", "sans-serif"],
}
GENERIC = {"serif", "sans-serif"}
PHONE_PX = 640  # below this width the page drops its paper look and scales text down
PHONE_SCALE = 0.8
# Nothing may be fetched: the page works offline and leaks no reader to a third party.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def escape(text: str) -> str:
    """Record text for the page: ValueError (xmlchars.check) for a character no document may
    carry, as in the DOCX and HWPX; escaped (quotes too, so it is safe in attributes)."""
    return _escape(xmlchars.check(text))


def _family(font: str) -> str:
    names = [font] + FALLBACKS.get(font, ["sans-serif"])
    return ", ".join(n if n in GENERIC else f'"{n}"' for n in names)


def _num(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def stylesheet() -> str:
    """The whole CSS, built from layout.py (so it is the same for every document)."""
    mm = lambda x: f"{_num(x)}mm"  # noqa: E731
    rules = [
        f":root{{--k:1;--fill:#{layout.TABLE_HEADER_FILL}}}",
        "*{box-sizing:border-box}",
        f"html{{background:#e9ebee;color:#111;font-family:{_family(layout.BODY_FONT)};-webkit-text-size-adjust:100%}}",
        "body{margin:0}",
        f"main{{background:#fff;width:{mm(layout.PAGE_WIDTH_MM)};max-width:100%;margin:1.5rem auto;"
        f"padding:{mm(layout.MARGIN_TOP_MM)} {mm(layout.MARGIN_RIGHT_MM)} {mm(layout.MARGIN_BOTTOM_MM)} {mm(layout.MARGIN_LEFT_MM)};"
        "box-shadow:0 1px 4px rgba(0,0,0,.25)}",
        # Word keeps runs of spaces (the 2타 before 끝., letter-spaced labels); so must the page.
        "p,h1,h2,th,td,figcaption{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}",
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    ]
    justified = ",".join(f".r-{role}" for role, st in layout.STYLES.items() if st.align == "justify")
    # On paper Hangul wraps by syllable (the DOCX's 글자 단위 wrap), which keeps justified lines
    # even; a phone's narrow column reads better ragged, wrapped between words.
    rules.append(f"{justified}{{word-break:break-all}}")
    for role, st in layout.STYLES.items():
        rules.append(
            f".r-{role}{{font-family:{_family(st.font)};font-size:calc(var(--k)*{_num(st.size_pt)}pt);"
            f"font-weight:{'bold' if st.bold else 'normal'};text-align:{st.align};"
            f"line-height:{_num(st.line_pct / 100)};margin-top:calc(var(--k)*{_num(st.space_before_pt)}pt)}}"
        )
    pad = f"{mm(layout.CELL_MARGIN_MM)} {mm(layout.CELL_SIDE_MARGIN_MM)}"
    rules += [
        ".mk{display:inline-block;text-indent:0;white-space:pre}",  # pre: the space after the marker is kept when copied
        # A schedule row: the DOCX's right tab with a dot leader, as a dotted filler that grows.
        "p.leader{display:flex;align-items:baseline}.leader .lt{flex:0 1 auto}"
        ".leader .dots{flex:1 1 2em;border-bottom:0.15em dotted currentColor;margin:0 0.3em}.leader .tail{flex:none}",
        ".front{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:flex-start;gap:3mm;margin-bottom:6mm}",
        ".grids{display:flex;flex-direction:column;align-items:flex-end;gap:2mm;margin-left:auto;max-width:100%}",
        "table{border-collapse:collapse;table-layout:fixed;max-width:100%}",
        f"th,td{{border:1px solid #000;padding:{pad};vertical-align:middle}}",
        "th{background:var(--fill)}",
        ".front th,.front td{background:none;font-weight:normal}",
        f".approval td{{height:{mm(layout.APPROVAL_NAME_ROW_MM)}}}",  # the signature row
        ".a-left{text-align:left}.a-center{text-align:center}.a-right{text-align:right}",
        ".table{overflow-x:auto;margin-top:calc(var(--k)*6pt)}",
        ".table table{width:100%}",
        f".table table.wide{{min-width:{mm(layout.TEXT_WIDTH_MM * 0.75)}}}",
        "caption{caption-side:top;text-align:right}",
        "figure{margin:calc(var(--k)*8pt) auto 0;text-align:center}",
        "figure img{max-width:100%;height:auto;display:block;margin:0 auto}",
        ".placeholder{border:1px solid #000;display:flex;align-items:center;justify-content:center;max-width:100%;margin:0 auto}",
        "hr.page-break{border:0;border-top:1px dashed #999;margin:10mm -5mm}",
        ".cover{min-height:60vh}",
        f"@media (max-width:{PHONE_PX}px){{:root{{--k:{PHONE_SCALE}}}html{{background:#fff}}"
        f"{justified}{{text-align:left;word-break:keep-all}}"
        "main{width:auto;margin:0;padding:4vw;box-shadow:none}.front{flex-direction:column}"
        ".grids{align-items:stretch;width:100%}.approval,.cooperation{width:100%!important}"
        "hr.page-break{margin:6mm 0}.cover{min-height:0}.r-cover_slogan,.r-cover_date,.r-cover_org{margin-top:calc(var(--k)*24pt)}}}",
        f"@page{{size:A4;margin:{mm(layout.MARGIN_TOP_MM)} {mm(layout.MARGIN_RIGHT_MM)} {mm(layout.MARGIN_BOTTOM_MM)} {mm(layout.MARGIN_LEFT_MM)}}}",
        "@media print{html{background:#fff}main{width:auto;margin:0;padding:0;box-shadow:none}"
        "hr.page-break{border:0;margin:0;break-after:page}.table{overflow:visible}}",
    ]
    return "\n".join(rules)


class HtmlWriter:
    ext = "html"

    def __init__(self, template: str | Path | None = None):
        # No template: the page is built from layout.py, once per process.
        if template is not None:
            raise ValueError("the html writer takes no template; restyle through reportgen/layout.py")
        self._css = stylesheet()

    def write(self, doc: Document) -> bytes:
        out = [
            "<!DOCTYPE html>",
            '<html lang="ko">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            f"<title>{escape(doc.meta_title or doc.title.title)}</title>",
        ]
        if doc.meta_author:
            out.append(f'<meta name="author" content="{escape(doc.meta_author)}">')
        out += [f"<style>\n{self._css}\n</style>", "</head>", "<body>", "<main>"]
        out += _front(doc)
        if doc.cover:
            c = doc.cover
            out.append('<section class="cover" aria-label="표지">')
            out += [
                _p(text, role)
                for text, role in (
                    (c.slogan, "cover_slogan"),
                    (c.title, "cover_title"),
                    (c.date, "cover_date"),
                    (c.organisation, "cover_org"),
                    (c.department, "cover_dept"),
                )
                if text
            ]
            out += ["</section>", '<hr class="page-break">']
        out.append('<header class="title-block">')
        if doc.title.slogan:
            out.append(_p(doc.title.slogan, "slogan"))
        out += [f'<h1 class="r-title">{escape(doc.title.title)}</h1>', "</header>"]
        for n, block in enumerate(doc.body):
            out.append(_block(block, n))
        out += ["</main>", "</body>", "</html>", ""]
        return "\n".join(out).encode("utf-8")


def _p(text: str, role: str, extra: str = "") -> str:
    return f'<p class="r-{role}{extra}">{escape(text)}</p>'


def _front(doc: Document) -> list[str]:
    """The header block (left) and the approval grid (right); nothing at all when both are empty,
    as for a web page."""
    grid = doc.approval
    if not (doc.header or grid.signers or grid.cooperation):
        return []
    out = ['<section class="front" aria-label="문서 정보">']
    if doc.header:
        w0, w1 = layout.HEADER_COLUMNS_MM
        out += [
            f'<table class="doc-header r-grid" style="width:{_num(w0 + w1)}mm">',
            '<caption class="sr">문서 정보</caption>',
            f'<colgroup><col style="width:{_num(100 * w0 / (w0 + w1))}%"><col></colgroup>',
        ]
        out += [f'<tr><th scope="row">{escape(label)}</th><td class="a-left">{escape(value)}</td></tr>' for label, value in doc.header]
        out.append("</table>")
    if grid.signers or grid.cooperation:
        out.append('<div class="grids">')
        if grid.signers:
            boxes = layout.approval_widths_mm(len(grid.signers))
            out += [
                f'<table class="approval r-grid" style="width:{_num(sum(boxes))}mm">',
                '<caption class="sr">결재</caption>',
                "<tr>" + "".join(f'<th scope="col">{escape(s.title)}</th>' for s in grid.signers) + "</tr>",
                "<tr>" + "".join(f"<td>{escape(s.name)}</td>" for s in grid.signers) + "</tr>",
                "</table>",
            ]
        out += _cooperation(grid)
        out.append("</div>")
    out.append("</section>")
    return out


def _cooperation(grid) -> list[str]:
    """The 협조 rows; an official grid shows the row even when nobody cooperates, as the DOCX does."""
    rows = grid.cooperation or ((),)
    widths = layout.cooperation_widths_mm(grid.cooperation_pairs)
    width = sum(widths)
    out = [
        f'<table class="cooperation r-grid" style="width:{_num(width)}mm">',
        '<caption class="sr">협조</caption>',
        "<colgroup>" + "".join(f'<col style="width:{_num(100 * w / width)}%">' for w in widths) + "</colgroup>",
    ]
    for i, row in enumerate(rows):
        label = f'<th scope="rowgroup" rowspan="{len(rows)}">{escape(grid.cooperation_label)}</th>' if i == 0 else ""
        pairs = [f"<td>{escape(s.title)}</td><td>{escape(s.name)}</td>" for s in row]
        pairs += ["<td></td><td></td>"] * (grid.cooperation_pairs - len(row))
        out.append(f"<tr>{label}{''.join(pairs)}</tr>")
    return out + ["</table>"]


def _block(block, n: int) -> str:
    if isinstance(block, Paragraph):
        return _p(block.text, block.role, f" a-{block.align}" if block.align else "")
    if isinstance(block, Item):
        return _item(block, layout.item_role(block.marker, block.level))
    if isinstance(block, Leader):
        return _leader(block)
    if isinstance(block, Heading):
        return f'<h2 class="r-section">{escape(block.number)} {escape(block.text)}</h2>'
    if isinstance(block, Table):
        return _table(block, n)
    if isinstance(block, Image):
        return _image(block)
    if isinstance(block, PageBreak):
        return '<hr class="page-break">'
    return ""


def _item(item: Item, role: str, extra: str = "") -> str:
    """A marker column as wide as the hanging indent, so wrapped lines align with the text."""
    size = layout.STYLES[role].size_pt
    left, hang = (x / size for x in layout.item_indent_pt(item.marker, item.level, size))
    style = f"padding-left:{_num(left)}em;text-indent:-{_num(hang)}em"
    mark = ""
    if item.marker:
        shown = escape(item.marker + " ") if item.marker_visible else ""
        mark = f'<span class="mk" style="width:{_num(hang)}em">{shown}</span>'
    return f'<p class="r-{role}{extra}" style="{style}">{mark}{escape(item.text)}</p>'


def _leader(line: Leader) -> str:
    role = layout.item_role(line.marker, line.level)
    size = layout.STYLES[role].size_pt
    left, hang = (x / size for x in layout.item_indent_pt(line.marker, line.level, size))
    mark = f'<span class="mk" style="width:{_num(hang)}em">{escape(line.marker + " ")}</span>' if line.marker else ""
    return (
        f'<p class="r-{role} leader" style="padding-left:{_num(left - hang)}em">{mark}<span class="lt">{escape(line.text)}</span>'
        f'<span class="dots" aria-hidden="true"></span><span class="tail">{escape(line.tail)}</span></p>'
    )


def _table(t: Table, n: int) -> str:
    total = sum(t.widths)
    wide = " wide" if len(t.widths) > 2 else ""  # many columns scroll sideways on a phone, not squash
    out = [
        f'<div class="table" role="region" aria-label="{escape(t.caption or f"표 {n + 1}")}" tabindex="0">',
        f'<table class="grid-table{wide}"' + (' style="break-inside:avoid">' if t.keep_together else ">"),
    ]
    if t.caption:
        out.append(f'<caption class="r-table">{escape(t.caption)}</caption>')
    out.append("<colgroup>" + "".join(f'<col style="width:{_num(100 * w / total)}%">' for w in t.widths) + "</colgroup>")
    for r, row in enumerate(t.rows):
        least = t.row_heights_mm[r] if r < len(t.row_heights_mm) else 0
        tr = f'<tr style="height:{_num(least)}mm">' if least else "<tr>"
        out.append(tr + "".join(_cell(c, r < t.header_rows, t.cell_role) for c in row) + "</tr>")
    out += ["</table>", "</div>"]
    return "\n".join(out)


def _cell(cell: Cell, in_header_row: bool, body_role: str = "table") -> str:
    attrs = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    role = "table_header" if cell.header else body_role
    lines = []
    for line in cell.lines:
        if isinstance(line, Item):
            lines.append(_item(line, role))
        else:
            lines.append(_p(line.text, role, f" a-{cell.align}"))
    if not cell.header:
        return f"<td{attrs}>{''.join(lines)}</td>"
    if in_header_row:
        scope = "colgroup" if cell.colspan > 1 else "col"
    else:
        scope = "rowgroup" if cell.rowspan > 1 else "row"
    return f'<th scope="{scope}"{attrs}>{"".join(lines)}</th>'


def _image(image: Image) -> str:
    """The photo at layout.photo_size_mm (the DOCX's and HWPX's size) or, when it cannot be read,
    a bordered box of the photo's size holding its placeholder text; the caption below either."""
    caption = f'<figcaption class="r-caption">{escape(image.caption)}</figcaption>' if image.caption else ""
    found = image.photo
    if found is None:
        width, height = layout.box_size_mm(image.width_mm, image.height_mm)
        text = escape(image.placeholder_text)
        box = (
            f'<div class="placeholder r-caption" role="img" aria-label="{text}" '
            f'style="width:{_num(width)}mm;aspect-ratio:{_num(width)}/{_num(height)}">{text}</div>'
        )
        return f'<figure class="missing">{box}{caption}</figure>'
    data, kind, pixels = found.data, found.kind, found.pixels
    width, _ = layout.photo_size_mm(image.width_mm, pixels)  # the height follows (height:auto)
    uri = f"data:{IMAGE_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"
    alt = escape(image.caption or image.name)
    return f'<figure><img src="{uri}" alt="{alt}" style="width:{_num(width)}mm">{caption}</figure>'
