"""Load test of `reportgen serve` (by hand, never in the tests): a real server on 127.0.0.1, CLIENTS
concurrent clients sending REQUESTS renders of the seed-000 plan in total; prints documents/s,
p50/p99 latency and errors. Loopback only, bounded.

Run: .venv/bin/python bench/bench_service.py [--clients 50] [--requests 2000] [--format docx] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RECORD = (ROOT / "examples" / "plan-chatdong-support-team.json").read_bytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(base: str, clients: int, total: int, fmt: str) -> tuple[list[float], list[str]]:
    latencies, errors = [], []
    todo = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def one_client():
            for _ in todo:
                started = time.perf_counter()
                try:
                    r = await client.post(f"/api/render?format={fmt}", content=RECORD, headers={"Content-Type": "application/json"})
                    if r.status_code != 200 or r.content[:2] not in (b"PK", b"%P", b"<!", b"\xd0\xcf"):
                        errors.append(f"{r.status_code} {r.text[:100]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--format", default="docx")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen(
            [sys.executable, "-m", "reportgen.cli", "serve", "--port", str(port), "--workers", str(args.workers), "--data", data],
            stderr=open(Path(data) / "serve.log", "w"),  # noqa: SIM115 — kept open for the server's life
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(base + "/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            asyncio.run(load(base, 4, 20, args.format))  # warm up: templates parsed in every worker
            started = time.perf_counter()
            latencies, errors = asyncio.run(load(base, args.clients, args.requests, args.format))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
            log = (Path(data) / "serve.log").read_text(errors="replace")
            if "Traceback" in log or "ERROR" in log:
                print(log[-3000:])
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    print(f"{args.requests} {args.format} renders, {args.clients} clients, {args.workers} server processes, loopback")
    print(f"  {args.requests / elapsed:.1f} documents/s; p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, max {latencies[-1]:.0f} ms")
    print(f"  median {statistics.median(latencies):.0f} ms; errors: {len(errors)}")
    for e in sorted(set(errors))[:5]:
        print(f"    {e}")


if __name__ == "__main__":
    main()
