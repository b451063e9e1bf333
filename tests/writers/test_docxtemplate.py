"""reportgen/writers/docxtemplate.py: a template prepared once and cached, and simple templates
rendered without Jinja — with Jinja's output, byte for byte."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from docx import Document as OpenDocx
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from reportgen import cache
from reportgen.model import Cover, TitleBlock
from reportgen.pipeline import build_document
from reportgen.writers import docxtemplate
from reportgen.writers.docx import DEFAULT_TEMPLATE, DocxWriter

from ..helpers import EXAMPLES, PLAN_EXAMPLE, RESULT_EXAMPLE


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def entries(folder):
    return sorted((folder / "docx-templates").iterdir()) if (folder / "docx-templates").exists() else []


def jinja(source: str, context: dict) -> str:
    return Environment(autoescape=True).from_string(source).render(context)


# -- steps: Jinja's output without Jinja -----------------------------------------------------------

SIMPLE = [
    "<w:t>{{ title.title }}</w:t>",
    "{% if header %}<tbl>{% for label, value in header %}<tr>{{ label }}|{{ value }}</tr>{% endfor %}</tbl>{% endif %}",
    "{% if cover %}{{ cover.slogan }}/{{ cover.organisation }}{% elif title %}T{% else %}none{% endif %}",
    "{{ approval }}{{ body }}",
    "{{ missing }}[{% if missing %}yes{% endif %}]{% for x in missing %}never{% endfor %}",
    "{{ cover.nothing }}({{ item.key }})({{ item.other }}){% if cover.nothing %}no{% endif %}",
    "{% for label, value in header %}{% for label in pair %}{{ label }}{% endfor %}{{ label }}{% endfor %}{{ label }}",
    "{% for pair in header %}{{ pair }}{% endfor %}{{ nothing }}{{ number }}",
    "line one\n{{ title.slogan }}\r\nline three\n",
]


def context(text: str = "A & B <c> \"d\" 'e'") -> dict:
    return {
        "header": (("문서번호", text), ("공개여부", "대시민공개")),
        "cover": Cover(slogan=text, organisation="성동구"),
        "title": TitleBlock(text, "제목"),
        "approval": docxtemplate.Safe("<w:tbl/>"),  # the writer's own markup type, printed as Markup is
        "body": Markup(f"<w:p>{text}</w:p>".replace("&", "&amp;")),
        "item": {"key": text},
        "pair": ("x", "y"),
        "nothing": None,
        "number": 3,
    }


@pytest.mark.parametrize("source", SIMPLE)
def test_simple_templates_have_steps_that_render_as_jinja(source):
    steps = docxtemplate.steps_of(source)
    assert steps is not None
    for ctx in (context(), {**context(), "cover": None}, {"header": ()}):
        try:
            expected = jinja(source, ctx)
        except Exception:  # Jinja refuses (an attribute of an undefined name): so must run
            with pytest.raises(ValueError):
                docxtemplate.run(steps, ctx)
            continue
        assert docxtemplate.run(steps, ctx) == expected


@given(st.text(), st.text(), st.lists(st.tuples(st.text(max_size=5), st.text(max_size=5)), max_size=3))
def test_any_text_renders_as_jinja(slogan, title, header):
    source = SIMPLE[0] + SIMPLE[1] + SIMPLE[2]
    ctx = {"header": tuple(header), "cover": Cover(slogan=slogan), "title": TitleBlock(slogan, title)}
    assert docxtemplate.run(docxtemplate.steps_of(source), ctx) == jinja(source, ctx)


@pytest.mark.parametrize(
    "source",
    [
        "{{ title.title|upper }}",
        "{% set x = 1 %}{{ x }}",
        "{% for a in header %}{{ loop.index }}{% endfor %}",
        "{% for a in header %}{{ a }}{% else %}empty{% endfor %}",
        "{{ range }}",
        "{{ header[0] }}",
        "{{ 'literal' }}",
        "{{ none }}",
        "{% if a == b %}x{% endif %}",
    ],
)
def test_anything_more_is_left_to_jinja(source):
    assert docxtemplate.steps_of(source) is None


def test_the_bundled_template_renders_without_jinja():
    prepared = docxtemplate.prepare(DEFAULT_TEMPLATE)
    assert all(steps is not None for *_, steps in prepared.templated.values())


def test_writer_bytes_are_jinjas(cache_dir, monkeypatch):
    """Every example document, written from the steps and written by Jinja: the same bytes."""
    docs = [build_document(path) for path in (PLAN_EXAMPLE, RESULT_EXAMPLE, *sorted((EXAMPLES / "gallery").glob("*.yaml")))]
    fast = [DocxWriter().write(doc) for doc in docs]
    monkeypatch.setattr(docxtemplate, "steps_of", lambda source: None)
    monkeypatch.setenv(cache.ENV, str(cache_dir / "jinja"))
    assert [DocxWriter().write(doc) for doc in docs] == fast


# -- the cache -------------------------------------------------------------------------------------


def test_prepared_once_then_read_from_the_cache(cache_dir, monkeypatch):
    doc = build_document(PLAN_EXAMPLE)
    first = DocxWriter().write(doc)
    assert len(entries(cache_dir)) == 1

    def fail(path):
        raise AssertionError("prepared again")

    monkeypatch.setattr(docxtemplate, "prepare", fail)
    assert DocxWriter().write(doc) == first


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "foreign"])
def test_a_damaged_entry_is_prepared_again(cache_dir, damage):
    doc = build_document(PLAN_EXAMPLE)
    expected = DocxWriter().write(doc)
    (entry,) = entries(cache_dir)
    data = entry.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data = data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]
    elif damage == "garbage":
        data = b"\x00" * len(data)
    elif damage == "empty":
        data = b""
    else:  # a well-formed entry whose content is not a prepared template
        cache.write("docx-templates", entry.name, b"{}")
        data = entry.read_bytes()
    entry.write_bytes(data)
    assert DocxWriter().write(doc) == expected
    assert entry.read_bytes() != data  # rebuilt in place


def test_an_edited_template_is_prepared_again(cache_dir, tmp_path):
    """An organisation's template (from the settings file or --template) is keyed by its content:
    editing it in place gives its own entry, and its edits show."""
    template = tmp_path / "office.docx"
    edited = OpenDocx(str(DEFAULT_TEMPLATE))
    edited.sections[0].header.paragraphs[0].add_run("{{ title.title }} — 우리 구청")
    edited.save(str(template))
    doc = build_document(PLAN_EXAMPLE)
    before = DocxWriter(template).write(doc)
    edited.sections[0].header.paragraphs[0].add_run(" 2쪽")
    edited.save(str(template))
    after = DocxWriter(template).write(doc)
    assert len(entries(cache_dir)) == 2
    header = lambda data: zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/header1.xml").decode()  # noqa: E731
    assert f"{doc.title.title} — 우리 구청" in header(before) and "2쪽" not in header(before)
    assert "2쪽" in header(after)


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))
    doc = build_document(PLAN_EXAMPLE)
    assert DocxWriter().write(doc) == DocxWriter().write(doc)


def test_a_warm_process_imports_no_preparation(cache_dir):
    """With the template prepared, a new process renders without docxtpl, python-docx, lxml, Jinja
    or markupsafe (and without importlib.util, which finding docxtpl's version once took)."""
    code = (
        "import sys\n"
        "start = set(sys.modules)\n"
        "from reportgen.pipeline import build_document\n"
        "from reportgen.writers.docx import DocxWriter\n"
        f"DocxWriter().write(build_document({str(PLAN_EXAMPLE)!r}))\n"
        "print([m for m in ('docxtpl', 'docx', 'lxml', 'jinja2', 'markupsafe', 'importlib.util') if m in set(sys.modules) - start])"
    )
    env = {**__import__("os").environ, cache.ENV: str(cache_dir)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "docxtpl" in cold and warm.strip() == "[]"


@pytest.mark.parametrize("expression", ["body", "body|trim", 'body|replace("x", "y")', "body ~ ''", "body[:99]|safe"])
def test_the_writers_markup_stays_markup_under_a_templates_filters(expression):
    """An organisation's template may filter the values (Jinja renders it): the body the writer built
    is printed as markup, never escaped into visible XML; record text in it stays escaped."""
    from reportgen.writers.docx import _compile

    render = _compile("{{ " + expression + " }}", "", "", None)
    made = render({"body": docxtemplate.Safe("<w:p><w:t>x &amp; &lt;y&gt;</w:t></w:p> ")}).decode()
    assert made.startswith("<w:p><w:t>") and "&amp; &lt;y&gt;" in made and "&lt;w:p" not in made
