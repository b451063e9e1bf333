"""What a batch claims in its manifest, committed a window at a time behind the outputs it claims.

Outputs are written without a sync of their own. About once a second the rows that claim the
outputs written so far are handed to a thread that flushes the file system (syncfs) and only then
commits those rows, while the records go on being built: the flush waits on the disk, not the CPU,
and a build no longer stands still for it. A power cut may lose the last windows' rows (their
records are rebuilt next time), never leave a row that claims a file the disk does not have.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..manifest import Manifest
from ..output import sync_folder

WINDOW = 1.0  # seconds of outputs claimed by one commit


class Claims:
    """A batch's manifest rows: read through, written a window at a time (tick), the rest at finish."""

    def __init__(self, manifest: Manifest, outdir: Path, window: float = WINDOW):
        self.manifest, self.outdir, self.window = manifest, outdir, window
        self._rows: dict[str, dict | None] = {}  # record → its new row (None: row deleted), not yet committed
        self._in_flight: dict[str, dict | None] = {}  # the rows the background commit is committing
        self._lock = threading.Lock()  # the manifest's connection, one thread at a time
        # Set while no commit runs in the background. (Not Thread.join/is_alive: Python 3.11 takes a
        # thread for ended when a Ctrl-C interrupts a join.)
        self._idle = threading.Event()
        self._idle.set()
        self._failure: BaseException | None = None  # what the last background commit raised
        self._since = time.monotonic()

    def get(self, record: str) -> dict | None:
        for rows in (self._rows, self._in_flight):
            if record in rows:
                return rows[record]
        with self._lock:
            return self.manifest.get(record)

    def put(self, record: str, entry: dict) -> None:
        self._rows[record] = entry

    def delete(self, record: str) -> None:
        self._rows[record] = None

    def records(self) -> set[str]:
        with self._lock:
            known = self.manifest.records()
        for rows in (self._in_flight, self._rows):  # in the order they were put
            known = (known | {r for r, e in rows.items() if e is not None}) - {r for r, e in rows.items() if e is None}
        return known

    def tick(self) -> None:
        """Start committing this window's rows in the background once a window has passed and the
        last window's commit is done (else they wait for the next tick)."""
        if not self._rows or time.monotonic() - self._since < self.window or not self._idle.is_set():
            return
        self._raise_failure()
        self._in_flight, self._rows = self._rows, {}
        self._idle.clear()
        threading.Thread(target=self._commit_in_background, args=(self._in_flight,), daemon=True).start()
        self._since = time.monotonic()

    def finish(self) -> None:
        """Wait for the commit in flight, then flush and commit the rows left, in this thread."""
        self._idle.wait()
        self._in_flight = {}
        self._raise_failure()
        rows, self._rows = self._rows, {}
        self._commit(rows)

    def close(self) -> None:
        """Close the manifest once no commit is in flight (rows not committed are dropped). Waits
        through a Ctrl-C, raised again after: the connection must never close under the thread."""
        interrupted = None
        while not self._idle.is_set():
            try:
                self._idle.wait()
            except KeyboardInterrupt as exc:
                interrupted = exc
        self.manifest.close()
        if interrupted is not None:
            raise interrupted

    def _commit_in_background(self, rows: dict[str, dict | None]) -> None:
        try:
            self._commit(rows)
        except BaseException as exc:  # raised in the batch's thread at its next tick or finish
            self._failure = exc
        finally:
            self._idle.set()

    def _commit(self, rows: dict[str, dict | None]) -> None:
        if not rows:  # nothing claimed: nothing to flush
            return
        sync_folder(self.outdir)  # the outputs these rows claim are on disk before the rows are
        with self._lock:
            for record, entry in rows.items():
                if entry is None:
                    self.manifest.delete(record)
                else:
                    self.manifest.put(record, entry)
            self.manifest.commit()

    def _raise_failure(self) -> None:
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
