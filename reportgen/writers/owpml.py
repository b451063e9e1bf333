"""OWPML (HWPX) fragments as text — the XML layer under the HWPX writer's section and package.

Built as strings, like the DOCX writer's wordml.py, because a batch writes thousands of documents
and joining strings costs a fraction of building and serialising a tree. Every piece of record text
passes through `text()` (checked, then escaped as lxml escapes character data), so record text is
always data; every other value is the writer's own (numbers, fixed names). The bytes are those an
lxml tree of the same elements serialises to (tests/writers/test_hwpx_pinned.py holds them).
Lengths are HWPUNIT (1 pt = 100). Element shapes follow what Hancom writes and python-hwpx's
validators accept. header.xml, built once per writer, is owpml_head.py's.
"""

from __future__ import annotations

from .. import xmlchars
from ..images import IMAGE_TYPES
from ..xmlchars import plain

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
HP, HH, HC = (f"{{{NS[p]}}}" for p in ("hp", "hh", "hc"))  # Clark names, for the header's lxml tree (owpml_head)
LANGS = ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER")
ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "JUSTIFY"}
PER_MM = 7200 / 25.4  # HWPUNIT per mm

DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())  # every part's root declares them all

# An inline tab's leader and kind as the HWP tab control numbers them (DOT = 2, RIGHT = 1);
# its width is a hint that Hancom recomputes when it lays the line out.
TAB_LEADER_DOT, TAB_RIGHT = 2, 1


def text(value: str) -> str:
    """Record text as character data: ValueError (xmlchars.check) for a character XML cannot
    carry, else escaped as lxml escapes text (& < > and a carriage return)."""
    if plain(value):
        return value
    xmlchars.check(value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def attrs(values: dict) -> str:
    """Attributes of the writer's own values (numbers, fixed names: never record text)."""
    return "".join(f' {k}="{v}"' for k, v in values.items())


def section(body: str) -> bytes:
    return f"{DECLARATION}<hs:sec {XMLNS}>{body}</hs:sec>".encode()


# ---------------------------------------------------------------- paragraphs and runs


def paragraph(id_: int, para: int, style_id: int, content: str, page_break: bool = False) -> str:
    return (
        f'<hp:p id="{id_}" paraPrIDRef="{para}" styleIDRef="{style_id}" pageBreak="{1 if page_break else 0}" '
        f'columnBreak="0" merged="0">{content}</hp:p>'
    )


def run(char: int, content: str) -> str:
    return f'<hp:run charPrIDRef="{char}">{content}</hp:run>'


def paragraph_after_id(para: int, style_id: int, char: int, page_break: bool = False) -> str:
    """A text paragraph's markup from the end of its id to its text: the same for every paragraph
    of one paraPr and style, so a writer makes it once per write and shape (see text_paragraph)."""
    return (
        f'" paraPrIDRef="{para}" styleIDRef="{style_id}" pageBreak="{1 if page_break else 0}" '
        f'columnBreak="0" merged="0"><hp:run charPrIDRef="{char}">'
    )


def text_paragraph(id_: int, after_id: str, t: str) -> str:
    """paragraph(…, run(char, t)) in one step, `after_id` being paragraph_after_id(…) (it closes the
    id attribute): the writer's most frequent element."""
    return f'<hp:p id="{id_}{after_id}{t}</hp:run></hp:p>'


def run_text(value: str, tab: str = "<hp:tab/>") -> str:
    """hp:t of `value`: tabs become `tab` (hp:tab) and line breaks hp:lineBreak ("\\r\\n" and "\\r"
    are one line break each). ValueError (xmlchars.check) for a character XML cannot carry."""
    if plain(value):
        return f"<hp:t>{value}</hp:t>"
    if "\r" in value:
        xmlchars.check(value)  # (so a refusal quotes the text as given)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = text(value)
    if "\t" in value or "\n" in value:
        value = value.replace("\t", tab).replace("\n", "<hp:lineBreak/>")
    return f"<hp:t>{value}</hp:t>"


def leader_tab(width: int) -> str:
    """A right tab with a dot leader (see owpml_head.tab_pr), `width` HWPUNIT wide."""
    return f'<hp:tab width="{width}" leader="{TAB_LEADER_DOT}" type="{TAB_RIGHT}"/>'


# ---------------------------------------------------------------- section controls


def sec_pr(*, width: int, height: int, margins: dict[str, int], border: int) -> str:
    """The section's page setup (hp:secPr) and its column control."""
    notes = "".join(
        f"<hp:{tag}>"
        '<hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>'
        f'<hp:noteLine length="{length}" type="SOLID" width="0.12 mm" color="#000000"/>'
        '<hp:noteSpacing betweenNotes="283" belowLine="567" aboveLine="850"/>'
        '<hp:numbering type="CONTINUOUS" newNum="1"/>'
        f'<hp:placement place="{place}" beneathText="0"/>'
        f"</hp:{tag}>"
        for tag, place, length in (("footNotePr", "EACH_COLUMN", -1), ("endNotePr", "END_OF_DOCUMENT", 14692344))
    )
    borders = "".join(
        f'<hp:pageBorderFill type="{kind}" borderFillIDRef="{border}" textBorder="PAPER" headerInside="0" footerInside="0" '
        'fillArea="PAPER"><hp:offset left="1417" right="1417" top="1417" bottom="1417"/></hp:pageBorderFill>'
        for kind in ("BOTH", "EVEN", "ODD")
    )
    return (
        '<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" tabStopVal="4000" tabStopUnit="HWPUNIT" '
        'outlineShapeIDRef="0" memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">'
        '<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>'
        '<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>'
        '<hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" border="SHOW_ALL" fill="SHOW_ALL" '
        'hideFirstPageNum="0" hideFirstEmptyLine="0" showLineNumber="0"/>'
        '<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/>'
        f'<hp:pagePr landscape="WIDELY" width="{width}" height="{height}" gutterType="LEFT_ONLY">'
        f'<hp:margin gutter="0"{attrs(margins)}/></hp:pagePr>'
        f"{notes}{borders}</hp:secPr>"
        '<hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>'
    )


def page_number(side_char: str = "-") -> str:
    """Bottom-centre page number, printed as "- n -"."""
    return f'<hp:ctrl><hp:pageNum pos="BOTTOM_CENTER" formatType="DIGIT" sideChar="{side_char}"/></hp:ctrl>'


HIDE_PAGE_NUMBER = (
    '<hp:ctrl><hp:pageHiding hideHeader="0" hideFooter="0" hideMasterPage="0" hideBorder="0" hideFill="0" hidePageNum="1"/></hp:ctrl>'
)
RESTART_PAGE_NUMBER = '<hp:ctrl><hp:newNum num="1" numType="PAGE"/></hp:ctrl>'  # before the run's text, as Hancom places it


# ---------------------------------------------------------------- tables and pictures


def placed(width: int, height: int, inline: bool) -> str:
    """Size, position and outer margin of a table or picture: in the text's flow at the column's left,
    as a character when `inline` (Hangul then keeps it with its line)."""
    return (
        f'<hp:sz width="{width}" widthRelTo="ABSOLUTE" height="{height}" heightRelTo="ABSOLUTE" protect="0"/>'
        f'<hp:pos treatAsChar="{1 if inline else 0}" affectLSpacing="0" flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" '
        'vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
        '<hp:outMargin left="0" right="0" top="0" bottom="0"/>'
    )


def table(
    id_: int, rows: list[str], *, cols: int, width: int, height: int, border: int, repeat_header: bool, inline: bool, margin: str
) -> str:
    """A table of `rows` (each the joined hp:tc of one row); `margin` is attrs() of its cells'
    margins (made once per writer). A flowing (not inline) table is what Hancom breaks across
    pages between rows."""
    trs = "".join(f"<hp:tr>{cells}</hp:tr>" if cells else "<hp:tr/>" for cells in rows)
    return (
        f'<hp:tbl id="{id_}" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" '
        f'dropcapstyle="None" pageBreak="CELL" repeatHeader="{1 if repeat_header else 0}" rowCnt="{len(rows)}" colCnt="{cols}" '
        f'cellSpacing="0" borderFillIDRef="{border}" noAdjust="0">'
        f"{placed(width, height, inline)}<hp:inMargin{margin}/>{trs}</hp:tbl>"
    )


def cell(
    paragraphs: str,
    col: int,
    row: int,
    colspan: int,
    rowspan: int,
    width: int,
    height: int,
    border: int,
    header: bool,
    margin: str,
    valign: str = "CENTER",
) -> str:
    """A table cell holding `paragraphs`; `margin` is attrs() of its margins (made once per writer)."""
    return (
        f'<hp:tc name="" header="{1 if header else 0}" hasMargin="0" protect="0" editable="0" dirty="0" borderFillIDRef="{border}">'
        f'<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="{valign}" linkListIDRef="0" '
        f'linkListNextIDRef="0" textWidth="0" textHeight="0" hasTextRef="0" hasNumRef="0">{paragraphs}</hp:subList>'
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/><hp:cellSpan colSpan="{colspan}" rowSpan="{rowspan}"/>'
        f'<hp:cellSz width="{width}" height="{height}"/><hp:cellMargin{margin}/></hp:tc>'
    )


def picture(id_: int, bin_id: str, width: int, height: int, pixels: tuple[int, int]) -> str:
    """An inline picture drawn from a BinData item, `width` × `height` on the page. The image's own
    size (imgDim, and the clip over it) is its pixel size at 96 dpi, as Hancom records it."""
    dim_w, dim_h = (px * 75 for px in pixels)
    matrix = 'e1="1" e2="0" e3="0" e4="0" e5="1" e6="0"'
    corners = "".join(f'<hc:pt{i} x="{x}" y="{y}"/>' for i, (x, y) in enumerate(((0, 0), (width, 0), (width, height), (0, height))))
    return (
        f'<hp:pic textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" reverse="0" id="{id_}" zOrder="0" numberingType="PICTURE" '
        f'lock="0" dropcapstyle="None" href="" groupLevel="0" instid="{id_}">'
        '<hp:offset x="0" y="0"/>'
        f'<hp:orgSz width="{width}" height="{height}"/><hp:curSz width="{width}" height="{height}"/>'
        '<hp:flip horizontal="0" vertical="0"/>'
        f'<hp:rotationInfo angle="0" centerX="{width // 2}" centerY="{height // 2}" rotateimage="1"/>'
        f"<hp:renderingInfo><hc:transMatrix {matrix}/><hc:scaMatrix {matrix}/><hc:rotMatrix {matrix}/></hp:renderingInfo>"
        f"<hp:imgRect>{corners}</hp:imgRect>"
        f'<hp:imgClip left="0" right="{dim_w}" top="0" bottom="{dim_h}"/>'
        '<hp:inMargin left="0" right="0" top="0" bottom="0"/>'
        f'<hp:imgDim dimwidth="{dim_w}" dimheight="{dim_h}"/>'
        f'<hc:img binaryItemIDRef="{bin_id}" bright="0" contrast="0" effect="REAL_PIC" alpha="0"/>'
        f"<hp:effects/>{placed(width, height, True)}<hp:shapeComment/></hp:pic>"
    )


# ---------------------------------------------------------------- package parts

MIMETYPE = b"application/hwp+zip"
VERSION_XML = (
    f'{DECLARATION}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" '
    'major="5" minor="1" micro="1" buildNumber="0" os="1" xmlVersion="1.5" application="reportgen" appVersion="1.0"/>'
).encode()
SETTINGS_XML = (
    f'{DECLARATION}<ha:HWPApplicationSetting xmlns:ha="{NS["ha"]}" xmlns:config="{NS["config"]}">'
    '<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>'
).encode()
CONTAINER_XML = (
    f'{DECLARATION}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:hpf="{NS["hpf"]}">'
    '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
    '<ocf:rootfile full-path="Preview/PrvText.txt" media-type="text/plain"/></ocf:rootfiles></ocf:container>'
).encode()
MANIFEST_XML = f'{DECLARATION}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'.encode()


def content_hpf(*, title: str, author: str, date: str, images: list[tuple[str, str]]) -> bytes:
    """The package manifest; `images` are (item id, href). Dates are fixed by the caller."""
    stamp = f"{date}T00:00:00Z" if date else ""
    metas = (
        ("creator", author),
        ("subject", ""),
        ("description", ""),
        ("lastsaveby", author),
        ("CreatedDate", stamp),
        ("ModifiedDate", stamp),
        ("date", date),
        ("keyword", ""),
    )
    meta = "".join(f'<opf:meta name="{name}" content="text">{text(value)}</opf:meta>' for name, value in metas)
    items = "".join(
        f'<opf:item id="{item_id}" href="{href}" isEmbeded="1" '
        f'media-type="{IMAGE_TYPES.get(href.rsplit(".", 1)[-1].lower(), "application/octet-stream")}"/>'
        for item_id, href in images
    )
    return (
        f'{DECLARATION}<opf:package {XMLNS} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{text(title)}</opf:title><opf:language>ko</opf:language>{meta}</opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        f'<opf:item id="settings" href="settings.xml" media-type="application/xml"/>{items}</opf:manifest>'
        '<opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/></opf:spine>'
        "</opf:package>"
    ).encode()
