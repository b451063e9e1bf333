"""Prometheus metrics of one service process (a registry per app: tests start many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter("reportgen_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry)
        self.duration = Histogram(
            "reportgen_request_duration_seconds",
            "Time to answer a request",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.documents = Counter("reportgen_documents", "Documents written", ["format"], registry=self.registry)
        self.failures = Counter("reportgen_failures", "Requests that failed", ["reason"], registry=self.registry)
        self.pdf_waiting = Gauge("reportgen_pdf_queue", "PDF conversions waiting or running", registry=self.registry)

    def text(self) -> bytes:
        return generate_latest(self.registry)
