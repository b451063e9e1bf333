"""Per-document PDF cost: one long-lived LibreOffice (PdfWriter's default) against a cold
`soffice --convert-to pdf` per document (its fallback), over the three bundled examples.

Run: python bench/bench_pdf.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen.pipeline import build_document  # noqa: E402
from reportgen.writers.docx import DocxWriter  # noqa: E402
from reportgen.writers.pdf import PdfWriter  # noqa: E402

EXAMPLES = ["plan-chatdong-support-team.json", "result-chatdong-100days.json", "page-chatdong-foundation.json"]


def median_s(fn, docs, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        for doc in docs:
            t = time.perf_counter()
            fn(doc)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(repeats: int = 3) -> None:
    docs = [build_document(ROOT / "examples" / name) for name in EXAMPLES]
    docx = DocxWriter()
    print(f"DOCX alone:            {median_s(docx.write, docs, repeats) * 1000:7.0f} ms per document")
    t = time.perf_counter()
    warm = PdfWriter()
    warm.write(docs[0])  # starts the office
    start = time.perf_counter() - t
    try:
        print(
            f"long-lived office:     {median_s(warm.write, docs, repeats) * 1000:7.0f} ms per document "
            f"(starting it, with the first document: {start * 1000:.0f} ms; uno client: {warm.long_lived})"
        )
    finally:
        warm.close()
    cold = PdfWriter(long_lived=False)
    try:
        print(f"cold soffice per call: {median_s(cold.write, docs, repeats) * 1000:7.0f} ms per document")
    finally:
        cold.close()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
