"""Rendering off the event loop. The writers are synchronous and CPU-bound, so documents are made in
a bounded thread pool, each thread with its own `Renderer` per format (templates parsed once per
thread). One `PdfWriter` per process drives one LibreOffice: its conversions are serialised, so
waiting PDF requests are counted and the one past `pdf_queue` is refused at once (429) instead of
queueing without end; LibreOffice is restarted after `pdf_restart_after` conversions (and by the
writer itself when it stops answering). A request that takes longer than `request_timeout_s`
answers 503 (the thread finishes its document in the background; the pool bounds how many can).
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from ..model import Document
from ..pipeline import Renderer
from .settings import Settings


class Busy(Exception):
    """Too many waiting PDF conversions (429)."""


class TimedOut(Exception):
    """The request took longer than its time limit (503)."""


class Unavailable(Exception):
    """A format whose tool is missing on this server (LibreOffice for pdf) (503)."""


class Engine:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = ThreadPoolExecutor(settings.render_threads, thread_name_prefix="reportgen-render")
        self._local = threading.local()
        self._pdf = None
        self._pdf_lock = threading.Lock()
        self._pdf_waiting = 0
        self.pdf_conversions = 0

    async def run(self, fn, *args, pdf: bool = False):
        """`fn(*args)` in the pool, within the time limit; with pdf=True it takes a place in the PDF queue."""
        if pdf:
            if self._pdf_waiting >= self.settings.pdf_queue:
                raise Busy(f"{self._pdf_waiting} PDF conversions are already waiting; try again shortly")
            self._pdf_waiting += 1
        try:
            future = asyncio.wrap_future(self.pool.submit(fn, *args))
            try:
                return await asyncio.wait_for(asyncio.shield(future), self.settings.request_timeout_s)
            except TimeoutError:
                raise TimedOut(f"the request took longer than {self.settings.request_timeout_s:g} s") from None
        finally:
            if pdf:
                self._pdf_waiting -= 1

    # -- called in pool threads ------------------------------------------------------------------
    def write(self, document: Document, formats: tuple[str, ...]) -> dict[str, bytes]:
        """Every asked format's bytes (all made before any is returned)."""
        out = {}
        for fmt in formats:
            out[fmt] = self._write_pdf(document) if fmt == "pdf" else self._renderer(fmt).render(document)[fmt]
        return out

    def _renderer(self, fmt: str) -> Renderer:
        renderers = getattr(self._local, "renderers", None)
        if renderers is None:
            renderers = self._local.renderers = {}
        if fmt not in renderers:
            renderer = Renderer((fmt,), self.settings.config, self._templates(fmt))
            if fmt in renderer.unavailable:
                raise Unavailable(f"cannot write {fmt}: {renderer.unavailable[fmt]}")
            renderers[fmt] = renderer
        return renderers[fmt]

    def _templates(self, fmt: str) -> dict[str, str]:
        """The organisation settings file's template for a format, as the command line uses it."""
        return {f: path for f, path in self.settings.config.templates if f == fmt}

    def _write_pdf(self, document: Document) -> bytes:
        with self._pdf_lock:
            if self._pdf is None:
                renderer = Renderer(("pdf",), self.settings.config, self._templates("pdf"))
                if "pdf" in renderer.unavailable:
                    raise Unavailable(f"cannot write pdf: {renderer.unavailable['pdf']}")
                self._pdf = renderer
            data = self._pdf.render(document)["pdf"]
            self.pdf_conversions += 1
            if self.pdf_conversions % self.settings.pdf_restart_after == 0:
                self._pdf._writers["pdf"].close()  # a fresh office for the next conversion
            return data

    def pdf_available(self) -> tuple[bool, str]:
        from ..writers.pdf import INSTALL_HINT, find_soffice, uno_python

        if find_soffice() is None:
            return False, INSTALL_HINT
        if self._pdf is not None and self._pdf._writers["pdf"]._office is not None:
            return True, "running"
        return True, "ready (starts on the first PDF)" if uno_python() else "ready (one cold soffice per PDF: python3-uno missing)"

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self._pdf is not None:
            self._pdf._writers["pdf"].close()
