"""What every request passes through: size limits, tokens, CSP, metrics, health, the time limit and
the PDF queue."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest

from .conftest import make_client

TOKEN = "s3cret-token-for-tests-0123456789"


def test_health_reports_the_parts(client):
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["renderer"] == "ok" and body["database"]["up"] is True and "up" in body["libreoffice"]


def test_body_over_the_limit_is_413(tmp_path, plan):
    with make_client(tmp_path, max_body_bytes=1000) as c:
        r = c.post("/api/render", json=plan)
        assert r.status_code == 413 and "1,000 bytes" in r.json()["error"]

        def chunks():  # no Content-Length: the limit holds while the body streams in
            data = json.dumps(plan).encode()
            for i in range(0, len(data), 500):
                yield data[i : i + 500]

        r = c.post("/api/validate", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.get("/api/workspace").json() == []
        assert 'reportgen_failures_total{reason="413"} 2.0' in c.get("/metrics").text


def test_upload_limit_is_separate(tmp_path):
    with make_client(tmp_path, max_body_bytes=100, max_upload_bytes=5000) as c:
        r = c.post("/api/import", files={"file": ("big.docx", b"PK\x03\x04" + b"0" * 6000)})
        assert r.status_code == 413


def test_tokens(tmp_path, plan):
    with make_client(tmp_path, tokens=(("박성춘", TOKEN),)) as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            r = c.post("/api/validate", json=plan, headers=headers)
            assert r.status_code == 401, headers
            assert r.headers["www-authenticate"] == "Bearer" and "token" in r.json()["error"]
        assert c.get("/openapi.json").status_code == 401
        ok = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post("/api/validate", json=plan, headers=ok).json()["valid"] is True
        # who saved is the token's owner, whatever the client claims
        r = c.post(
            "/api/workspace/items",
            json={"path": "a.json", "content": json.dumps(plan)},
            headers={**ok, "X-Reportgen-User": quote("누군가")},
        )
        assert r.status_code == 201 and r.json()["author"] == "박성춘"
        assert c.get("/health").status_code == 200  # monitoring needs no token
        assert c.get("/").status_code == 200  # the page itself holds no data; it signs in


def test_csp_on_every_answer(client, plan):
    preview = client.post("/api/preview", json=plan).json()["url"]
    for method, url in [("get", "/"), ("get", "/docs"), ("get", "/static/app.js"), ("get", "/api/schemas/plan"), ("get", "/nope")]:
        r = getattr(client, method)(url)
        assert "script-src 'self'" in r.headers["content-security-policy"], url
        assert "unsafe-inline" not in r.headers["content-security-policy"]
    r = client.get(preview)
    assert r.status_code == 200 and "자치행정과-14947" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert "script" not in r.headers["content-security-policy"]
    assert client.get("/preview/unknown").status_code == 404


def test_metrics_count_requests_and_documents(client, plan):
    client.post("/api/render?format=docx,hwpx", json=plan)
    client.post("/api/render?format=nope", json=plan)
    text = client.get("/metrics").text
    assert 'reportgen_documents_total{format="docx"} 1.0' in text
    assert 'reportgen_documents_total{format="hwpx"} 1.0' in text
    assert 'reportgen_requests_total{method="POST",route="/api/render",status="200"} 1.0' in text
    assert 'reportgen_failures_total{reason="400"} 1.0' in text
    assert "reportgen_request_duration_seconds_bucket" in text


def test_time_limit_is_503(tmp_path, plan, monkeypatch):
    """A render still running at the limit answers 503. The render is held past the limit: a plain
    one now finishes in milliseconds, and a limit of 1e-9 s raced it (the render could win)."""
    from reportgen.service import api

    make_documents = api.make_documents

    def held(*args, **kwargs):
        time.sleep(0.5)
        return make_documents(*args, **kwargs)

    monkeypatch.setattr(api, "make_documents", held)
    with make_client(tmp_path, request_timeout_s=0.05) as c:
        r = c.post("/api/render?format=docx", json=plan)
        assert r.status_code == 503 and "longer than 0.05 s" in r.json()["error"]


def test_pdf_queue_full_is_429(tmp_path, plan):
    with make_client(tmp_path, pdf_queue=0) as c:
        r = c.post("/api/render?format=pdf", json=plan)
        assert r.status_code == 429 and "PDF" in r.json()["error"]
        assert c.post("/api/render?format=docx", json=plan).status_code == 200  # other formats do not queue


def test_openapi_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    for route in (
        "/api/validate",
        "/api/render",
        "/api/minutes",
        "/api/import",
        "/api/schemas/{kind}",
        "/api/starters/{kind}",
        "/health",
        "/metrics",
    ):
        assert route in spec["paths"], route
    assert '<script src="/static/docs.js"' in client.get("/docs").text


def test_libreoffice_is_restarted_after_n_conversions(tmp_path, plan):
    from reportgen.writers.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with make_client(tmp_path, pdf_restart_after=1) as c:
        for _ in range(2):
            r = c.post("/api/render?format=pdf", json=plan)
            assert r.status_code == 200 and r.content[:5] == b"%PDF-"
            assert c.app.state.engine._pdf._writers["pdf"]._office is None  # stopped after its one conversion
        assert c.app.state.engine.pdf_conversions == 2
