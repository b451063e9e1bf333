"""The batch manifest: one SQLite file in OUTDIR, one row per record.

SQLite rather than a JSON file: updates are transactions (a killed batch leaves the last committed
state, never half a file), only changed rows are written, and a run holds no more of it in memory
than the row it is looking at — the manifest of 10,000 records costs no RAM.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

FILENAME = ".reportgen-manifest.sqlite"
VERSION = "2"


class Manifest:
    """record path → {"deps": {file: sha256}, "figures": {id: [label, value]},
    "outputs": {format: {"path", "size", "key"}}}."""

    def __init__(self, outdir: Path, *, read_only: bool = False):
        path = Path(outdir) / FILENAME
        if read_only:
            # A dry run reads what is there and writes nothing, not even a new file.
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if path.exists() else sqlite3.connect(":memory:")
        else:
            # The default rollback journal: a killed run's half transaction is rolled back on the next
            # open, and nothing but the one file stays beside the outputs.
            self.db = _connect(path)
        if not self._current():
            if read_only:
                self.db = sqlite3.connect(":memory:")  # an unknown or older manifest reads as none
            elif not self._is_database():
                # Not a manifest (damaged, or some other file by that name): start afresh — the
                # only cost is that every output is rebuilt once.
                self.db.close()
                path.unlink()
                self.db = _connect(path)
            self._create()

    def _current(self) -> bool:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.DatabaseError:
            return False
        return row is not None and row[0] == VERSION

    def _is_database(self) -> bool:
        try:
            self.db.execute("SELECT name FROM sqlite_master").fetchall()
            return True
        except sqlite3.DatabaseError:
            return False

    def _create(self) -> None:
        with self.db:
            self.db.execute("BEGIN")  # one transaction: one flush to disk, not one per statement
            self.db.execute("DROP TABLE IF EXISTS records")
            self.db.execute("DROP TABLE IF EXISTS meta")
            self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute("CREATE TABLE records (record TEXT PRIMARY KEY, entry TEXT NOT NULL)")
            self.db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))

    def get(self, record: str) -> dict | None:
        row = self.db.execute("SELECT entry FROM records WHERE record = ?", (record,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, record: str, entry: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (record, json.dumps(entry, ensure_ascii=False)))

    def delete(self, record: str) -> None:
        self.db.execute("DELETE FROM records WHERE record = ?", (record,))

    def records(self) -> set[str]:
        return {r for (r,) in self.db.execute("SELECT record FROM records")}

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        """Uncommitted rows are dropped: a commit is a claim, made only once the outputs are on disk."""
        self.db.close()


def _connect(path: Path) -> sqlite3.Connection:
    # Used by one thread at a time, not always the one that opened it: a batch commits its rows
    # from a thread of its own (batch/claims.py).
    return sqlite3.connect(path, check_same_thread=False)
