"""`reportgen serve` as a real process on 127.0.0.1 (a free port), stopped at the end."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from reportgen.cli import main

from ..helpers import PLAN_EXAMPLE
from ..service.conftest import running_server


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path) as found:
        yield found


def post(url: str, data: bytes, ctype: str = "application/json"):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_serve_renders_over_http(server):
    base, log = server
    assert "127.0.0.1" in log.read_text() and "loopback" in log.read_text()
    status, headers, body = post(base + "/api/render?format=hwpx", PLAN_EXAMPLE.read_bytes())
    assert status == 200 and body[:2] == b"PK"
    assert "14947.hwpx" in headers["content-disposition"]
    status, _, body = post(base + "/api/render?format=docx", b'{"kind": "plan"}')
    assert status == 422 and json.loads(body)["problems"][0]["text"].startswith("record:$")
    with urllib.request.urlopen(base + "/", timeout=10) as r:
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "reportgen" in r.read().decode()
    with urllib.request.urlopen(base + "/metrics", timeout=10) as r:
        assert 'reportgen_documents_total{format="hwpx"} 1.0' in r.read().decode()


def test_serve_refuses_an_open_address_without_tokens():
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without authentication" in result.output


def test_serve_settings_file_is_checked(tmp_path):
    bad = tmp_path / "settings.toml"
    bad.write_text('tokens = {alice = "short"}\n')
    result = CliRunner().invoke(main, ["serve", "--settings", str(bad)])
    assert result.exit_code == 2 and "at least 16 characters" in result.output
    bad.write_text("max_bdy_bytes = 10\n")
    result = CliRunner().invoke(main, ["serve", "--settings", str(bad)])
    assert result.exit_code == 2 and "unknown setting max_bdy_bytes" in result.output


def test_a_slow_client_holds_up_no_one(server):
    """A client that sends its headers and then almost nothing keeps one connection, not the server."""
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    slow = socket.create_connection(("127.0.0.1", port))
    try:
        slow.sendall(b"POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        status, _, body = post(base + "/api/validate", PLAN_EXAMPLE.read_bytes())
        assert status == 200 and json.loads(body)["valid"] is True
    finally:
        slow.close()
