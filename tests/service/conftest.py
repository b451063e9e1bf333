"""The service under test: the real ASGI app (FastAPI's TestClient drives it in-process, lifespan
included) over a fresh SQLite workspace in the test's tmp dir."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from reportgen.service.app import create_app
from reportgen.service.settings import Settings

from ..helpers import PLAN_EXAMPLE, RESULT_EXAMPLE


def make_client(tmp_path, **settings) -> TestClient:
    return TestClient(create_app(Settings(data_dir=str(tmp_path / "data"), **settings)))


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c


@pytest.fixture
def plan() -> dict:
    return json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def result() -> dict:
    return json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(tmp_path, *args: str):
    """A real `reportgen serve` on 127.0.0.1 (a free port) until the block ends: (base URL, its log)."""
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportgen.cli", "serve", "--port", str(port), "--data", str(tmp_path / "data"), *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"reportgen serve did not start: {log.read_text()}")
                time.sleep(0.2)
        yield base, log
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
