"""Median time of in-process HwpxWriter.write for a seed-000-sized Document (and the .hwp conversion).

Run: python bench/bench_hwpx.py [repeats]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "writers")]

from test_hwpx import realistic_document  # noqa: E402  (the seed-000-like document the tests use)

from reportgen.writers.hwpx import HwpxWriter  # noqa: E402


def median_ms(fn, repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(repeats: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        doc = realistic_document(Path(tmp))
        writer = HwpxWriter()
        print(f"hwpx write, seed-000 size: {median_ms(lambda: writer.write(doc), repeats):.2f} ms (median of {repeats})")
        try:
            from reportgen.writers.hwp import HwpWriter
        except ImportError:
            return
        hwp = HwpWriter()
        print(f"hwp  write, seed-000 size: {median_ms(lambda: hwp.write(doc), repeats):.2f} ms (median of {repeats})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
