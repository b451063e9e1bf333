"""Hypothesis strategies for records of every kind.

A record is drawn from a real one — every example and gallery record, so a new kind or a new block
reaches the property tests as soon as an example shows it — and then mutated a few times: a text
replaced by hostile text (Korean, RTL, combining marks, zero-width joiners, markup, @{figure}
quotes, characters no document may carry), a number by an extreme one, a date by one of any year,
blocks of every shape inserted into any list of blocks, list entries repeated, optional fields dropped.
Most results stay schema-valid; the others must be refused by `validate` with a message.

To extend: add an example (or a gallery record) of the new kind or block, and, for a block shape the
examples do not show, a strategy to BLOCKS.
"""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import strategies as st

from reportgen.records import load_record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def seed_records() -> list[dict]:
    """Every example record (examples/*.json|yaml and examples/gallery/, includes resolved), read
    as reportgen reads them."""
    paths = sorted(p for p in [*EXAMPLES.glob("*"), *EXAMPLES.glob("gallery/**/*")] if p.suffix in (".json", ".yaml", ".yml"))
    found = [load_record(p) for p in paths if not p.name.startswith(("_", "."))]
    return [r for r in found if "kind" in r]


SEEDS = seed_records()
KINDS = sorted({r["kind"] for r in SEEDS})

# ------------------------------------------------------------------ text

KOREAN = "가나다라마바사아자차카타파하한글보고서계획결과예산천원백만원□○-·※①㉮〈〉「」"
TRICKY = [
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "@{total}",
    "@{total:천원}",
    "@{grand_total:금}",
    "@{nope}",
    "@@{",
    "{{ x }}",
    "{% if %}",
    "<b>&amp;</b>",
    "]]>",
    "\u202e",  # RTL override
    "\u200d",  # zero-width joiner
    "\u0301" * 30,  # a run of combining marks
    "👩\u200d👩\u200d👧",
    "\U0001f600",
    "עברית",
    "العربية",
    "\x7f",
    "\x85",
    "\ufdd0",
    "\ufffe",
    "\ud800",
    "\x00",
    "\x1b[31m",
    "﷽",
    "Ⅰ.",
    "1.",
    "가.",
    "(가)",
]


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=st.sampled_from(KOREAN + "abc 123,.()"), max_size=max_size),
        st.sampled_from(TRICKY),
        st.lists(st.sampled_from(TRICKY + list(KOREAN)), max_size=6).map("".join),
        st.text(max_size=12),  # any code point, surrogates included
        st.integers(0, 3).map(lambda n: "가나다라 " * (10**n)),  # long lines
    )


def numbers() -> st.SearchStrategy:
    return st.one_of(
        st.integers(0, 10),
        st.integers(0, 10**6),
        st.sampled_from([0, 1, -1, 10**12, 10**12 + 1, 10**15, 10**16, 2**63, 10**20]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.5, 1e-9, 1e308, 1.5]),
    )


dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32))

# ------------------------------------------------------------------ blocks


def cells() -> st.SearchStrategy:
    return st.one_of(
        texts(20),
        st.lists(texts(10), max_size=3),
        st.builds(
            lambda t, c, r: {k: v for k, v in (("text", t), ("colspan", c), ("rowspan", r)) if v is not None},
            texts(10),
            st.one_of(st.none(), st.integers(1, 4)),
            st.one_of(st.none(), st.integers(1, 3)),
        ),
    )


@st.composite
def tables(draw) -> dict:
    columns = draw(st.integers(1, 8))
    rows = draw(st.lists(st.lists(cells(), min_size=1, max_size=columns), min_size=1, max_size=6))
    table = {"rows": rows}
    if draw(st.booleans()):
        table["header"] = [[draw(texts(8)) for _ in range(columns)]]
    if draw(st.booleans()):
        table["widths"] = draw(st.lists(st.one_of(st.integers(1, 100), st.floats(0.01, 1000)), min_size=columns, max_size=columns))
    if draw(st.booleans()):
        table["caption"] = draw(texts(12))
    return {"table": table}


MARKERS = ["□", "○", "-", "·", "※", "", "1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮"]


def items(depth: int) -> st.SearchStrategy:
    leaf = st.builds(lambda t: {"text": t}, texts())
    if depth <= 0:
        return leaf
    return st.one_of(
        leaf,
        texts(),
        st.builds(
            lambda t, m, children: {"text": t, "marker": m, "items": children},
            texts(),
            st.sampled_from(MARKERS),
            st.lists(st.deferred(lambda: items(depth - 1)), max_size=3),
        ),
    )


BLOCKS: list[st.SearchStrategy] = [
    texts(),
    items(3),
    tables(),
    st.builds(lambda t: {"label": t}, texts(10)),
    st.just({"page_break": True}),
    st.builds(
        lambda name, caption: {"image": name, "caption": caption},
        st.sampled_from(["photos/100days-1.png", "photos/none.png", "../x.png"]),
        texts(10),
    ),
]


def blocks() -> st.SearchStrategy:
    return st.one_of(*BLOCKS)


# ------------------------------------------------------------------ mutations


def _places(value, path=()):
    """(path, value) of every node of a record."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _places(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _places(v, (*path, i))


def _set(record, path, value):
    node = record
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _replace_text(draw, record):
    spots = [p for p, v in _places(record) if isinstance(v, str) and p and p[-1] not in ("kind", "$schema")]
    if spots:
        _set(record, draw(st.sampled_from(spots)), draw(texts()))


def _replace_number(draw, record):
    spots = [p for p, v in _places(record) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if spots:
        _set(record, draw(st.sampled_from(spots)), draw(numbers()))


def _replace_date(draw, record):
    spots = [p for p, v in _places(record) if p and p[-1] in ("approved_on", "signed_on", "date") and isinstance(v, str)]
    if spots:
        _set(record, draw(st.sampled_from(spots)), draw(dates))


BLOCK_LISTS = ("body", "content", "items", "appendix")


def _insert_blocks(draw, record):
    spots = [v for p, v in _places(record) if isinstance(v, list) and p and p[-1] in BLOCK_LISTS]
    if spots:
        target = draw(st.sampled_from(spots))
        for block in draw(st.lists(blocks(), min_size=1, max_size=3)):
            target.insert(draw(st.integers(0, len(target))), block)


def _repeat_entry(draw, record):
    spots = [v for _, v in _places(record) if isinstance(v, list) and v]
    if spots:
        target = draw(st.sampled_from(spots))
        entry = copy.deepcopy(draw(st.sampled_from(target)))
        target.extend(entry for _ in range(draw(st.integers(1, 12))))


def _drop_field(draw, record):
    spots = [p for p, v in _places(record) if len(p) >= 1 and isinstance(p[-1], str) and p[-1] != "kind"]
    if spots:
        path = draw(st.sampled_from(spots))
        node = record
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]


MUTATIONS = [_replace_text, _replace_text, _replace_number, _replace_date, _insert_blocks, _insert_blocks, _repeat_entry, _drop_field]


@st.composite
def records(draw, kinds: tuple[str, ...] | None = None, max_mutations: int = 4) -> dict:
    """A record of one of `kinds` (default: every kind an example shows), mutated 0–max_mutations times."""
    pool = [r for r in SEEDS if kinds is None or r["kind"] in kinds]
    record = copy.deepcopy(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(0, max_mutations))):
        draw(st.sampled_from(MUTATIONS))(draw, record)
    return as_read(record)


def as_read(value):
    """The record as the reader hands it over (records.plain_data): whole floats are ints. What the
    reader refuses (NaN, ∞) is kept, for validation to refuse."""
    if isinstance(value, dict):
        return {k: as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_read(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
