"""PDF writer: the DOCX writer's output converted by LibreOffice headless, fonts embedded.

A cold `soffice --convert-to pdf` costs about a second, mostly starting the office. So each
PdfWriter keeps one soffice listening on a private pipe, and a small UNO client (run by a Python
that has Debian's python3-uno, usually /usr/bin/python3, so this process never imports the system's
packages) converts each document in about a tenth of that. Without python3-uno every call falls
back to a cold `soffice --convert-to pdf`. Both use a private profile in a temporary folder.

Both run under a time limit (reportgen/external.py): a document that keeps LibreOffice busy past
CONVERT_TIMEOUT_S (long runs of combining marks or ZWJ emoji do) stops the office — its whole
process group, so no soffice.bin lives on — and fails with one line saying so; the next document
starts a fresh office.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from .. import external
from ..model import Document
from .docx import DEFAULT_TEMPLATE as DOCX_TEMPLATE
from .docx import DocxWriter

INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui fonts-nanum"
CONVERT_TIMEOUT_S = 120
START_TIMEOUT_S = 60

# The UNO client: connects to the listening soffice, then converts one "in<TAB>out" line at a
# time from stdin, answering "ok" or "error: …" on stdout.
CLIENT = r"""
import sys, time, uno
from com.sun.star.beans import PropertyValue
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + float(sys.argv[2])
while True:
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1]); break
    except Exception as exc:
        if time.monotonic() > deadline:
            print("error: soffice did not answer: %s" % exc, flush=True); sys.exit(1)
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
print("ready", flush=True)
for line in sys.stdin:
    src, dst = line.rstrip("\n").split("\t")
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                           (prop("Hidden", True), prop("ReadOnly", True)))
        try:
            # Official documents set Hangul against digits and Latin with no extra gap; the DOCX says
            # so (w:autoSpaceDE/DN="0"), but LibreOffice 7.4 lays it out only when the styles say it too.
            styles = doc.StyleFamilies.getByName("ParagraphStyles")
            for name in styles.ElementNames:
                try:
                    styles.getByName(name).setPropertyValue("ParaIsCharacterDistance", False)
                except Exception:
                    pass
            doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)
        print("ok", flush=True)
    except Exception as exc:
        print("error: %s" % str(exc).replace("\n", " "), flush=True)
try:  # stdin closed: shut the office down cleanly, so it removes its pipe sockets
    desktop.terminate()
except Exception:
    pass
"""


class LibreOfficeMissing(RuntimeError):
    pass


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python that can import uno: this one, else Debian's (python3-uno installs there)."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if candidate and os.path.exists(candidate):
            try:
                probe = external.run([candidate, "-c", "import uno"], timeout=30, what="the python3-uno probe")
            except external.ToolTimeout:
                continue
            if probe.returncode == 0:
                return candidate
    return None


class PdfWriter:
    ext = "pdf"
    default_template = DOCX_TEMPLATE  # the PDF is converted from the DOCX

    def __init__(self, template: str | Path | None = None, *, long_lived: bool = True):
        self._soffice = find_soffice()
        if self._soffice is None:
            raise LibreOfficeMissing(INSTALL_HINT)
        self._docx = DocxWriter(template)  # the template is a DOCX template
        self._python = uno_python() if long_lived else None
        self._lock = threading.Lock()  # one conversion at a time through the one office
        self._office = self._client = None
        self._owner = None  # pid that started the office: a forked worker starts its own
        self._dir = tempfile.mkdtemp(prefix="reportgen-pdf-")
        atexit.register(self.close)

    @property
    def long_lived(self) -> bool:
        return self._python is not None

    def write(self, doc: Document) -> bytes:
        data = self._docx.write(doc)
        os.makedirs(self._dir, exist_ok=True)  # written again after close()
        with self._lock, tempfile.TemporaryDirectory(dir=self._dir) as work:
            src = Path(work, "document.docx")
            src.write_bytes(data)
            if self.long_lived:
                pdf = self._convert_long_lived(src)
            else:
                pdf = self._convert_cold(src)
        return fixed_pdf(pdf, doc.meta_date)

    def close(self) -> None:
        """Stop the office and remove the temporary folder (also run at exit)."""
        self._stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- the long-lived office -----------------------------------------------------------------
    def _convert_long_lived(self, src: Path) -> bytes:
        dst = src.with_suffix(".pdf")
        for attempt in (1, 2):  # a crashed office is restarted once
            if self._owner != os.getpid():
                self._start()
            reply = self._ask(f"{src}\t{dst}\n")
            if reply == "ok" and dst.exists():
                return dst.read_bytes()
            if reply is None:  # still busy: the same document would hang a second office too
                self._stop(now=True)
                raise external.ToolTimeout(
                    f"LibreOffice took longer than {CONVERT_TIMEOUT_S:g} s to convert the document to PDF and was stopped"
                )
            self._stop()
            if attempt == 2:
                raise RuntimeError(f"LibreOffice could not convert the document to PDF: {reply or 'no answer'}")
        raise AssertionError("unreachable")

    def _start(self) -> None:
        if find_soffice() is None:
            raise LibreOfficeMissing(INSTALL_HINT)
        pipe = f"reportgen-{uuid.uuid4().hex}"
        profile = Path(self._dir, "profile").as_uri()
        self._office = subprocess.Popen(
            [
                self._soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=self._env(),
        )
        self._client = subprocess.Popen(
            [self._python, "-c", CLIENT, pipe, str(START_TIMEOUT_S)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=self._env(),
        )
        self._owner = os.getpid()
        ready = self._read(START_TIMEOUT_S + 5)
        if ready != "ready":
            self._stop(now=True)
            raise RuntimeError(f"LibreOffice did not start: {ready or 'no answer'}")

    def _ask(self, line: str) -> str | None:
        try:
            self._client.stdin.write(line)
            self._client.stdin.flush()
        except (BrokenPipeError, OSError):
            return ""
        return self._read(CONVERT_TIMEOUT_S)

    def _read(self, timeout: float) -> str | None:
        """One line from the client; "" when it died, None when it took longer than `timeout`."""
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self._client.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0].strip() if result else None

    def _stop(self, now: bool = False) -> None:
        """Stop client and office: politely (the client asks the office to terminate, so it removes
        its pipe sockets), or `now` — a hung office is killed with its whole process group."""
        if self._owner != os.getpid():  # a forked child must not stop its parent's office
            self._office = self._client = self._owner = None
            return
        if not now and self._client is not None and self._client.poll() is None:
            try:
                self._client.stdin.close()  # the client then asks the office to terminate
            except OSError:
                pass
        for proc in (self._client, self._office):
            if proc is None:
                continue
            try:
                proc.wait(0 if now else 10)
            except subprocess.TimeoutExpired:
                if proc is self._client:
                    proc.kill()
                    proc.wait()
            if proc is self._office:  # its whole session: soffice.bin can outlive the launcher
                external.stop(proc)
        for stream in (self._client.stdin, self._client.stdout) if self._client else ():
            if not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass
        self._office = self._client = self._owner = None

    def _env(self) -> dict:
        # LibreOffice leaves its pipe sockets (OSL_PIPE_…) in TMPDIR: keep them in our own folder,
        # which close() removes; office and client must share it to find the pipe.
        return {**os.environ, "TMPDIR": self._dir}

    # -- the fallback: one cold soffice per document ---------------------------------------------
    def _convert_cold(self, src: Path) -> bytes:
        if find_soffice() is None:
            raise LibreOfficeMissing(INSTALL_HINT)
        profile = Path(self._dir, "profile").as_uri()
        args = [self._soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf"]
        done = external.run(
            [*args, "--outdir", str(src.parent), str(src)],
            timeout=CONVERT_TIMEOUT_S,
            what="LibreOffice (converting the document to PDF)",
            env=self._env(),
        )
        dst = src.with_suffix(".pdf")
        if done.returncode != 0 or not dst.exists():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise RuntimeError(f"LibreOffice could not convert the document to PDF: {said}")
        return dst.read_bytes()


_CREATED = re.compile(rb"/CreationDate\(D:(\d{14})")
_ID = re.compile(rb"/ID \[\s*<([0-9A-F]{32})>\s*<([0-9A-F]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")


def fixed_pdf(data: bytes, iso_date: str) -> bytes:
    """The same document gives the same bytes: LibreOffice stamps the clock time and a random file
    ID; both are overwritten in place (same length, so the cross-reference offsets hold)."""
    stamp = (iso_date.replace("-", "") + "000000").encode() if iso_date else b"19800101000000"
    data = _CREATED.sub(lambda m: b"/CreationDate(D:" + stamp, data)
    digest = hashlib.md5(_CHECKSUM.sub(b"", _ID.sub(b"", data))).hexdigest().upper().encode()
    data = _CHECKSUM.sub(b"/DocChecksum /" + digest, data)
    return _ID.sub(lambda m: m[0].replace(m[1], digest).replace(m[2], digest), data)
