"""A DOCX template prepared for the writer: docxtpl's clean-up of its Jinja tags, the ids and sizes
of its "RG …" styles, and its constant parts compressed once.

Preparing loads docxtpl, python-docx, lxml and Jinja and takes tens of milliseconds, so the result
is kept in the user's cache folder (reportgen/cache.py) under the template's content hash: a later
process — the next `render`, each batch worker — reads it and imports none of them. Any template
works the same way, the bundled one or an organisation's own from the settings file; editing a
template changes its hash, so it is prepared again.

A templated part that only prints variables and their attributes, tests them with `if` and loops
over them with `for` (the bundled template does nothing else) is also kept as a tree of steps that
`run` renders with Jinja's own rules — autoescape, an undefined name prints nothing and is false,
`a.b` is the attribute b of a, else its item "b" — so rendering needs neither Jinja's import nor
its compiler (some 30 ms of a cold `render`). Anything more (filters, `set`, `loop`, expressions)
is rendered by Jinja itself. tests/writers/test_docxtemplate.py holds the two to the same output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, cache, layout
from .package import Part, part

# Bumped whenever what `prepare` makes changes, so entries written by older code are not read.
FORMAT = 1
_TEMPLATED_PART = re.compile(r"word/(header|footer)\d*\.xml")
_BODY = re.compile(r"<w:body\b.*</w:body>", re.S)


@dataclass(frozen=True)
class PreparedTemplate:
    """What the DOCX writer needs of a template (see the module's docstring)."""

    style_ids: dict[str, str]  # layout role → the template's style id of "RG <role>"
    table_style: str  # style id of "Table Grid"
    sizes: dict[str, float]  # layout role → font size (pt) of its style: indents are measured in it
    # Parts with Jinja tags → (source after docxtpl's clean-up, text before it, text after it, its
    # steps or None): the document's body is rendered alone and put back between the untouched
    # rest of its part; the steps, when the source is simple enough to have them, render it
    # without Jinja.
    templated: dict[str, tuple[str, str, str, list | None]]
    rels: str  # word/_rels/document.xml.rels and [Content_Types].xml, which each image extends
    content_types: str
    order: list[str]  # the template's parts in its order (the output keeps it)
    constant: dict[str, Part]  # parts no document changes, compressed once

    def to_bytes(self) -> bytes:
        """A JSON head, then the compressed constant parts one after another."""
        head = {
            "style_ids": self.style_ids,
            "table_style": self.table_style,
            "sizes": self.sizes,
            "templated": self.templated,
            "rels": self.rels,
            "content_types": self.content_types,
            "order": self.order,
            "constant": [[p.name, p.crc, p.size, p.deflated, len(p.data)] for p in self.constant.values()],
        }
        encoded = json.dumps(head, ensure_ascii=False).encode("utf-8")
        return len(encoded).to_bytes(4, "big") + encoded + b"".join(p.data for p in self.constant.values())

    @classmethod
    def from_bytes(cls, data: bytes) -> PreparedTemplate:
        end = 4 + int.from_bytes(data[:4], "big")
        head = json.loads(data[4:end])
        constant = {}
        for name, crc, size, deflated, length in head["constant"]:
            constant[name] = Part(name, crc, size, data[end : end + length], deflated)
            end += length
        if end != len(data):
            raise ValueError("the cached template's parts do not add up")
        templated = {name: tuple(texts) for name, texts in head["templated"].items()}
        return cls(
            head["style_ids"], head["table_style"], head["sizes"], templated, head["rels"], head["content_types"], head["order"], constant
        )


def load(path: Path) -> PreparedTemplate:
    """The template at `path` prepared: from the cache when this content was prepared before, else
    prepared now (and cached). ValueError when it lacks a style the writer needs."""
    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}-{__version__}-{FORMAT}-{_docxtpl_stamp()}"
    cached = cache.read("docx-templates", key)
    if cached is not None:
        try:
            return PreparedTemplate.from_bytes(cached)
        except (ValueError, KeyError, TypeError):  # written by other code: prepare it again
            pass
    prepared = prepare(path)
    cache.write("docx-templates", key, prepared.to_bytes())
    return prepared


def prepare(path: Path) -> PreparedTemplate:
    """docxtpl's clean-up of the template's tags and python-docx's reading of its styles."""
    import zipfile

    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    styles = {s.name: s for s in tpl.get_docx().styles}
    needed = [f"RG {role}" for role in layout.STYLES] + ["Table Grid"]
    missing = [name for name in needed if name not in styles]
    if missing:
        raise ValueError(f"{path}: the template lacks the styles {', '.join(missing)}")
    sizes = {}
    for role in layout.STYLES:
        size = styles[f"RG {role}"].font.size
        sizes[role] = size.pt if size else layout.STYLES[role].size_pt

    with zipfile.ZipFile(path) as z:
        raw = {name: z.read(name) for name in z.namelist()}
    templated = {"word/document.xml": _clean(tpl, tpl.get_xml(), raw["word/document.xml"])}
    for name, data in raw.items():
        if _TEMPLATED_PART.fullmatch(name) and re.search(rb"\{[{%]", data):
            templated[name] = _clean(tpl, data.decode("utf-8"), data)
    changing = set(templated) | {"word/_rels/document.xml.rels", "[Content_Types].xml", "docProps/core.xml"}
    return PreparedTemplate(
        style_ids={role: styles[f"RG {role}"].style_id for role in layout.STYLES},
        table_style=styles["Table Grid"].style_id,
        sizes=sizes,
        templated=templated,
        rels=raw["word/_rels/document.xml.rels"].decode("utf-8"),
        content_types=raw["[Content_Types].xml"].decode("utf-8"),
        order=list(raw),
        constant={name: part(name, data) for name, data in raw.items() if name not in changing},
    )


def _clean(tpl, xml: str, original: bytes) -> tuple[str, str, str, list | None]:
    """docxtpl's tag clean-up of `xml` (a part, or the document's body alone), each paragraph on a
    line of its own so Jinja's line numbers point at it; the part's text around the body; the steps."""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
    text = original.decode("utf-8")
    body = _BODY.search(text)
    if body and xml.lstrip().startswith("<w:body"):
        return source, text[: body.start()], text[body.end() :], steps_of(source)
    return source, "", "", steps_of(source)


# -- Simple templates without Jinja ------------------------------------------------------------
# Steps: ["text", str] | ["print", expr] | ["if", [[expr, steps], …], else_steps]
#        | ["for", [name, …], unpack, expr, steps];  expr: ["name", str] | ["attr", expr, str]


class _NotSimple(Exception):
    pass


def steps_of(source: str) -> list | None:
    """`source` (Jinja) as steps, or None when it uses more than `run` knows."""
    from jinja2 import Environment, nodes

    env = Environment(autoescape=True)
    tree = env.parse(source)
    names = {n.name for n in tree.find_all(nodes.Name)}
    if "loop" in names or names & set(env.globals):  # loop.index, range(), namespace(): Jinja's own
        return None

    def expr(node) -> list:
        if isinstance(node, nodes.Name) and node.ctx == "load":
            return ["name", node.name]
        if isinstance(node, nodes.Getattr):
            return ["attr", expr(node.node), node.attr]
        raise _NotSimple

    def steps(body) -> list:
        out = []
        for node in body:
            if isinstance(node, nodes.Output):
                out += [["text", n.data] if isinstance(n, nodes.TemplateData) else ["print", expr(n)] for n in node.nodes]
            elif isinstance(node, nodes.If):
                branches = [[expr(b.test), steps(b.body)] for b in (node, *node.elif_)]
                out.append(["if", branches, steps(node.else_)])
            elif isinstance(node, nodes.For) and not (node.else_ or node.test or node.recursive):
                target = node.target
                if isinstance(target, nodes.Name):
                    out.append(["for", [target.name], False, expr(node.iter), steps(node.body)])
                elif isinstance(target, nodes.Tuple) and all(isinstance(t, nodes.Name) for t in target.items):
                    out.append(["for", [t.name for t in target.items], True, expr(node.iter), steps(node.body)])
                else:
                    raise _NotSimple
            else:
                raise _NotSimple
        return out

    try:
        return steps(tree.body)
    except _NotSimple:
        return None


class _Undefined:
    """What an unknown name or a missing attribute gives: prints nothing, is false, loops zero times."""

    def __init__(self, what: str):
        self.what = what

    def __bool__(self) -> bool:
        return False


_MISSING = object()


class Safe(str):
    """Text that is markup already, printed as it is — by `run` and by Jinja, which both take
    anything with `__html__` as markupsafe's Markup (not imported: a cold render saves its import)."""

    def __html__(self) -> str:
        return self


def escape(value) -> str:
    """markupsafe.escape's text: markup as it is, anything else as text with & < > ' " escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return str(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def run(steps: list, context: dict) -> str:
    """The text Jinja (autoescape on) renders from the template the steps came from."""
    out: list[str] = []

    def value(e: list, names: dict):
        if e[0] == "name":
            found = names.get(e[1], _MISSING)
            return _Undefined(f"{e[1]!r} is undefined") if found is _MISSING else found
        obj = value(e[1], names)
        if isinstance(obj, _Undefined):  # Jinja's Undefined fails on any attribute
            raise ValueError(f"template: {obj.what}")
        try:
            return getattr(obj, e[2])
        except AttributeError:
            pass
        try:
            return obj[e[2]]
        except (TypeError, LookupError, AttributeError):
            return _Undefined(f"{type(obj).__name__} has no attribute {e[2]!r}")

    def go(steps: list, names: dict) -> None:
        for step in steps:
            if step[0] == "text":
                out.append(step[1])
            elif step[0] == "print":
                found = value(step[1], names)
                out.append("" if isinstance(found, _Undefined) else escape(found))
            elif step[0] == "if":
                for test, body in step[1]:
                    if value(test, names):
                        go(body, names)
                        break
                else:
                    go(step[2], names)
            else:  # for: the loop's names hide the outer ones inside it only, as in Jinja
                targets, unpack, items, body = step[1], step[2], value(step[3], names), step[4]
                for item in () if isinstance(items, _Undefined) else items:
                    go(body, {**names, **dict(zip(targets, _unpack(item, len(targets)) if unpack else (item,)))})

    go(steps, context)
    return "".join(out)


def _unpack(item, n: int) -> tuple:
    a = tuple(item)
    if len(a) != n:  # Python's own error for `for a, b in …`, as in Jinja's compiled loop
        raise ValueError(
            f"not enough values to unpack (expected {n}, got {len(a)})" if len(a) < n else f"too many values to unpack (expected {n})"
        )
    return a


def _docxtpl_stamp() -> str:
    """Which docxtpl is installed (its clean-up makes the cached source), without importing it —
    nor importlib.util: the first package on sys.path, as the import system finds it."""
    for entry in sys.path:
        try:
            found = os.stat(os.path.join(entry or ".", "docxtpl", "template.py"))
        except (OSError, TypeError, ValueError):
            continue
        return f"{found.st_size}.{found.st_mtime_ns}"
    return "none"
