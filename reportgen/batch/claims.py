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
        self._lock = threading.Lock()  # the manifest's connection, one thread at a time
        self._committing: threading.Thread | None = None
        self._failure: BaseException | None = None  # what the last background commit raised
        self._since = time.monotonic()

    def get(self, record: str) -> dict | None:
        if record in self._rows:
            return self._rows[record]
        with self._lock:
            return self.manifest.get(record)

    def put(self, record: str, entry: dict) -> None:
        self._rows[record] = entry

    def delete(self, record: str) -> None:
        self._rows[record] = None

    def records(self) -> set[str]:
        with self._lock:
            known = self.manifest.records()
        return (known | {r for r, e in self._rows.items() if e is not None}) - {r for r, e in self._rows.items() if e is None}

    def tick(self) -> None:
        """Start committing this window's rows in the background once a window has passed and the
        last window's commit is done (else they wait for the next tick)."""
        if not self._rows or time.monotonic() - self._since < self.window:
            return
        if self._committing is not None:
            if self._committing.is_alive():
                return
            self._committing = None
            self._raise_failure()
        rows, self._rows = self._rows, {}
        self._committing = threading.Thread(target=self._commit_in_background, args=(rows,), daemon=True)
        self._committing.start()
        self._since = time.monotonic()

    def finish(self) -> None:
        """Wait for the commit in flight, then flush and commit the rows left, in this thread."""
        if self._committing is not None:
            self._committing.join()
            self._committing = None
        self._raise_failure()
        rows, self._rows = self._rows, {}
        self._commit(rows)

    def _commit_in_background(self, rows: dict[str, dict | None]) -> None:
        try:
            self._commit(rows)
        except BaseException as exc:  # raised in the batch's thread at its next tick or finish
            self._failure = exc

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
