"""Median time of one in-process write per writer (DOCX, HWPX, HWP, HTML) for seed-000-sized
Documents: the composed seed-000 example record, and the hand-built HWPX test document.

Run: .venv/bin/python bench/bench_writers.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen.writers import writer_class  # noqa: E402
from tests.writers.test_hwpx import realistic_document  # noqa: E402  (the seed-000-like test document)


def median_ms(fn, repeats: int) -> tuple[float, float]:
    """Median (wall ms, CPU ms) of `fn()`. CPU time (this process) moves less than wall time when
    others load the machine; the HWP writer's rhwp layout runs in this process too."""
    fn()  # warm up
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def seed_000():
    from reportgen.compose import compose
    from reportgen.records import load_record

    return compose(load_record(ROOT / "examples" / "plan-chatdong-support-team.json"), ROOT / "examples")


def main(repeats: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = {"seed-000 example": seed_000(), "test document": realistic_document(Path(tmp))}
        writers = {fmt: writer_class(fmt)() for fmt in ("docx", "hwpx", "hwp", "html")}
        for fmt, writer in writers.items():
            for name, doc in docs.items():
                wall, cpu = median_ms(lambda w=writer, d=doc: w.write(d), repeats)
                print(f"{fmt:4} {name:16} {wall:7.2f} ms wall, {cpu:7.2f} ms CPU (medians of {repeats})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
