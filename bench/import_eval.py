"""Evaluate `reportgen import` on real documents: for every .hwp/.hwpx/.docx under DIR, import it,
validate the record (a draft: 문서번호/결재일자 may be missing), render it to DOCX and compare.

Per file: whether the record validates; line recall (share of the original's text units — each
paragraph and each table cell, as the readers give them — found in the rendered DOCX's text);
numbered lines (1. 가. 1) (1) ① …, typed or from Hangul's automatic numbering) that come back with
their original marker; header fields, approval signers and 두문/결문 fields found; import time.
The signers are printed so a false approval line can be seen.

Run: .venv/bin/python bench/import_eval.py DIR [--verbose]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen.compose import compose  # noqa: E402
from reportgen.importer import _NUMBERED, read_blocks, record_from_blocks  # noqa: E402
from reportgen.readers.blocks import Para, Table, walk  # noqa: E402
from reportgen.readers.docx import docx_lines  # noqa: E402
from reportgen.validate import validate_record  # noqa: E402
from reportgen.writers import writer_class  # noqa: E402

NUMBERED = re.compile("(" + "|".join(rx for rx, _ in _NUMBERED) + r")\s+\S")


_SECTION = re.compile(r"^(?:[Ⅰ-Ⅻ]|[IVX]{1,4})\s*\.?\s+")
_ROMAN = dict(zip(["VIII", "VII", "III", "XII", "II", "IV", "VI", "IX", "XI", "I", "V", "X"], "ⅧⅦⅢⅫⅡⅣⅥⅨⅪⅠⅤⅩ"))


def norm(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def section_form(unit: str) -> str:
    """A Roman heading as reportgen prints a section: "Ⅰ. 개요" / "I. 개요" → "Ⅰ 개요" (the same
    number; reportgen's section style has no dot and uses the Unicode numerals)."""
    m = _SECTION.match(unit)
    if not m:
        return unit
    numeral = m[0].strip().rstrip(".").strip()
    return f"{_ROMAN.get(numeral, numeral)} {unit[m.end() :]}"


def units(blocks) -> list[str]:
    """The original's text units: paragraph lines, and each innermost cell's text."""
    out = []
    for b in walk(blocks):
        if isinstance(b, Para):
            out.append(norm(b.line))
    return [u for u in out if u]


def evaluate(path: Path, verbose: bool) -> dict:
    row = {"file": path.name}
    t = time.perf_counter()
    try:
        blocks = read_blocks(path)
        imported = record_from_blocks(blocks)
    except (ValueError, ImportError, OSError) as exc:
        row["refused"] = str(exc)
        return row
    row["seconds"] = time.perf_counter() - t
    rec = imported.record
    row["text"] = imported.text_lines > 0
    problems = validate_record(rec)
    row["valid"] = not problems
    if problems:
        row["problems"] = [str(p) for p in problems[:3]]
        return row
    try:
        docx = writer_class("docx")(None).write(compose(rec, path.parent))
    except Exception as exc:  # an evaluation reports, it does not stop
        row["render_error"] = f"{type(exc).__name__}: {exc}"
        return row
    rendered = norm(" \n ".join(norm(x) for x in docx_lines(docx)))
    orig = units(blocks)
    found = [u for u in orig if u in rendered or section_form(u) in rendered]
    row["recall"] = len(found) / len(orig) if orig else 1.0
    numbered = [u for u in orig if NUMBERED.match(u)]
    row["numbered"] = (sum(1 for u in numbered if u in rendered), len(numbered))
    row["missing"] = [u for u in orig if u not in rendered and section_form(u) not in rendered][:5]
    row["lost_markers"] = [u for u in numbered if u not in rendered][:5]
    row["header"] = sorted(rec["header"])
    signers = rec["approval"]["signers"]
    row["signers"] = [] if signers[0]["name"] == "○○○" and len(signers) == 1 else [f"{s['title']}/{s['name']}" for s in signers]
    row["facts"] = sorted(imported.facts)
    row["sections"] = sum(1 for b in rec["body"] if isinstance(b, dict) and "section" in b)
    row["tables"] = sum(1 for b in walk(blocks) if isinstance(b, Table))
    return row


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    folder, verbose = Path(argv[0]), "--verbose" in argv
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".hwp", ".hwpx", ".docx"))
    rows = [evaluate(p, verbose) for p in files]
    for r in rows:
        if "refused" in r:
            print(f"{r['file']}: refused — {r['refused']}")
            continue
        if not r.get("valid"):
            print(f"{r['file']}: INVALID {r.get('problems')}")
            continue
        if "render_error" in r:
            print(f"{r['file']}: RENDER {r['render_error']}")
            continue
        n_ok, n = r["numbered"]
        print(
            f"{r['file']}: recall {r['recall']:.1%}, markers {n_ok}/{n}, {r['seconds'] * 1000:.0f} ms, "
            f"{r['sections']} sections, header {r['header']}, signers {r['signers']}, 두문/결문 {r['facts']}"
        )
        if verbose:
            for u in r["missing"]:
                print(f"    missing: {u[:100]}")
            for u in r["lost_markers"]:
                print(f"    marker lost: {u[:100]}")
    done = [r for r in rows if "recall" in r and r.get("text")]
    with_text = [r for r in rows if r.get("text")]
    valid = [r for r in with_text if r.get("valid")]
    for r in rows:
        if "text" in r and not r["text"]:
            print(f"{r['file']}: no text (import refuses it: exit 1)")
    print()
    print(f"files {len(rows)}, refused {sum('refused' in r for r in rows)}, with text {len(with_text)}, of which validate {len(valid)}")
    if done:
        recalls = [r["recall"] for r in done]
        ok = sum(r["numbered"][0] for r in done)
        total = sum(r["numbered"][1] for r in done)
        print(f"median line recall {statistics.median(recalls):.1%} (min {min(recalls):.1%})")
        print(f"numbered lines with their original marker {ok}/{total}" + (f" ({ok / total:.1%})" if total else ""))
        print(f"approval lines found {sum(bool(r['signers']) for r in done)} (check above which are real)")
        times = [r["seconds"] for r in done]
        print(f"import time median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
