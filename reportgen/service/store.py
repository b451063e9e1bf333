"""The workspace database (SQLAlchemy): an SQLite file under --data by default, PostgreSQL with
--database postgresql://…

    items     one row per workspace file (a record, a shared budget under _…/, a photo): its path
              and the number of its current version — the optimistic lock a save must name
    versions  every version ever saved, with who and when (the budget edit history an audit asks for)
              and the figure changes it caused
    builds    the latest documents made from a record: bytes per format, the computed figures
              (for the next change report) and the workspace files it read (to know what a shared
              file's edit must rebuild)

Migrations: `migrate()` runs at start-up; the `schema_version` table holds the number of the last
step applied, and each step of MIGRATIONS runs once, in order, in its own transaction. A new column
is a new step appended to the list (never an edit of an old one).
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

metadata = MetaData()
items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", String(400), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # record | shared | photo
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    UniqueConstraint("item_id", "version"),
)
builds = Table(
    "builds",
    metadata,
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("figures", Text, nullable=False),  # JSON: id → [label, value]
    Column("deps", Text, nullable=False),  # JSON: workspace paths read
    Column("warnings", Text, nullable=False),
    Column("built_at", DateTime(timezone=True), nullable=False),
)
outputs = Table(
    "outputs",
    metadata,
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
    Column("format", String(8), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))


def _step1(conn):
    metadata.create_all(conn, tables=[items, versions, builds, outputs])


MIGRATIONS = [_step1]


class Conflict(Exception):
    """The item was saved meanwhile: `current` is its version now."""

    def __init__(self, current: int):
        self.current = current
        super().__init__(f"saved meanwhile: the current version is {current}")


class Exists(Exception):
    pass


@dataclass
class Item:
    id: int
    path: str
    kind: str
    version: int
    content: bytes
    author: str
    updated_at: str


def now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


class Store:
    def __init__(self, url: str):
        kwargs = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True}
        self.engine = create_engine(url, future=True, **kwargs)
        self.url = url

    def migrate(self) -> int:
        """Apply the steps not yet applied; returns the schema version now. `serve --workers N`
        starts N processes at once: one that loses the race to create a table tries again, and
        then finds the step done."""
        for attempt in range(5):
            try:
                return self._migrate()
            except (OperationalError, ProgrammingError, IntegrityError):
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def _migrate(self) -> int:
        with self.engine.begin() as conn:
            schema_version.create(conn, checkfirst=True)
            current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
        for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.engine.begin() as conn:
                step(conn)
                conn.execute(insert(schema_version).values(version=number))
        return len(MIGRATIONS)

    def health(self) -> tuple[bool, str]:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True, self.engine.dialect.name
        except Exception as exc:  # the database is down: /health says so
            return False, f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        self.engine.dispose()

    # -- reading ---------------------------------------------------------------------------------
    def list(self) -> list[Item]:
        q = (
            select(items, versions.c.content, versions.c.author, versions.c.created_at.label("at"))
            .join(versions, (versions.c.item_id == items.c.id) & (versions.c.version == items.c.version))
            .order_by(items.c.path)
        )
        with self.engine.connect() as conn:
            return [_item(r) for r in conn.execute(q)]

    def get(self, item_id: int | None = None, path: str | None = None) -> Item | None:
        cond = items.c.id == item_id if item_id is not None else items.c.path == path
        q = (
            select(items, versions.c.content, versions.c.author, versions.c.created_at.label("at"))
            .join(versions, (versions.c.item_id == items.c.id) & (versions.c.version == items.c.version))
            .where(cond)
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return _item(row) if row else None

    def files(self, paths) -> dict[str, bytes]:
        """Current content of the named items that exist."""
        paths = list(paths)
        if not paths:
            return {}
        q = (
            select(items.c.path, versions.c.content)
            .join(versions, (versions.c.item_id == items.c.id) & (versions.c.version == items.c.version))
            .where(items.c.path.in_(paths))
        )
        with self.engine.connect() as conn:
            return {r.path: r.content for r in conn.execute(q)}

    def history(self, item_id: int) -> list[dict]:
        q = select(versions.c.version, versions.c.author, versions.c.created_at, versions.c.summary).where(versions.c.item_id == item_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(versions.c.version.desc())).all()
        return [{"version": r.version, "author": r.author, "at": _iso(r.created_at), "summary": r.summary} for r in rows]

    def version(self, item_id: int, number: int) -> bytes | None:
        q = select(versions.c.content).where((versions.c.item_id == item_id) & (versions.c.version == number))
        with self.engine.connect() as conn:
            return conn.execute(q).scalar()

    def build(self, item_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(builds).where(builds.c.item_id == item_id)).first()
            formats = conn.execute(select(outputs.c.format).where(outputs.c.item_id == item_id)).scalars().all()
        if row is None:
            return None
        return {
            "version": row.version,
            "figures": json.loads(row.figures),
            "deps": json.loads(row.deps),
            "warnings": json.loads(row.warnings),
            "formats": sorted(formats),
        }

    def output(self, item_id: int, fmt: str) -> tuple[int, bytes] | None:
        q = select(outputs.c.version, outputs.c.data).where((outputs.c.item_id == item_id) & (outputs.c.format == fmt))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return (row.version, row.data) if row else None

    def dependents(self, path: str) -> list[int]:
        """Records whose latest build read `path`."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(builds.c.item_id, builds.c.deps)).all()
        return [r.item_id for r in rows if path in json.loads(r.deps)]

    # -- writing ---------------------------------------------------------------------------------
    def create(self, path: str, kind: str, content: bytes, author: str, build: dict | None = None) -> Item:
        at = now()
        try:
            with self.engine.begin() as conn:
                item_id = conn.execute(insert(items).values(path=path, kind=kind, version=1, created_at=at)).inserted_primary_key[0]
                conn.execute(
                    insert(versions).values(item_id=item_id, version=1, content=content, author=author, created_at=at, summary="created")
                )
                if build is not None:
                    _put_build(conn, item_id, 1, build)
        except IntegrityError:
            raise Exists(path) from None
        return Item(item_id, path, kind, 1, content, author, _iso(at))

    def save(self, item_id: int, expected: int, content: bytes, author: str, summary: str, build: dict | None = None) -> int:
        """A new version if `expected` is still the current one (else Conflict); the build lands in the
        same transaction, so a record's documents never lag its content."""
        at = now()
        try:
            with self.engine.begin() as conn:
                done = conn.execute(
                    update(items).where((items.c.id == item_id) & (items.c.version == expected)).values(version=expected + 1)
                )
                if done.rowcount != 1:
                    raise Conflict(self._current(conn, item_id))
                conn.execute(
                    insert(versions).values(
                        item_id=item_id, version=expected + 1, content=content, author=author, created_at=at, summary=summary
                    )
                )
                if build is not None:
                    _put_build(conn, item_id, expected + 1, build)
        except IntegrityError:  # two saves raced past the check: the loser sees the winner's version
            with self.engine.connect() as conn:
                raise Conflict(self._current(conn, item_id)) from None
        return expected + 1

    def rebuilt(self, item_id: int, version: int, build: dict) -> bool:
        """Store a rebuild of an unchanged record (a shared file it reads changed); False when the
        record was saved meanwhile (that save's own build is newer)."""
        with self.engine.begin() as conn:
            if self._current(conn, item_id) != version:
                return False
            _put_build(conn, item_id, version, build)
        return True

    def note(self, item_id: int, version: int, summary: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(versions).where((versions.c.item_id == item_id) & (versions.c.version == version)).values(summary=summary))

    def put_output(self, item_id: int, version: int, fmt: str, data: bytes) -> None:
        with self.engine.begin() as conn:
            if self._current(conn, item_id) != version:
                return
            conn.execute(outputs.delete().where((outputs.c.item_id == item_id) & (outputs.c.format == fmt)))
            conn.execute(insert(outputs).values(item_id=item_id, format=fmt, version=version, data=data))

    @staticmethod
    def _current(conn, item_id: int) -> int:
        return conn.execute(select(items.c.version).where(items.c.id == item_id)).scalar() or 0


def _put_build(conn, item_id: int, version: int, build: dict) -> None:
    conn.execute(builds.delete().where(builds.c.item_id == item_id))
    conn.execute(outputs.delete().where(outputs.c.item_id == item_id))
    conn.execute(
        insert(builds).values(
            item_id=item_id,
            version=version,
            figures=json.dumps(build["figures"], ensure_ascii=False),
            deps=json.dumps(build["deps"], ensure_ascii=False),
            warnings=json.dumps(build["warnings"], ensure_ascii=False),
            built_at=now(),
        )
    )
    for fmt, data in build["outputs"].items():
        conn.execute(insert(outputs).values(item_id=item_id, format=fmt, version=version, data=data))


def _iso(at) -> str:
    if at.tzinfo is None:  # SQLite hands back naive datetimes; they were stored in UTC
        at = at.replace(tzinfo=_dt.UTC)
    return at.isoformat(timespec="seconds")


def _item(r) -> Item:
    return Item(r.id, r.path, r.kind, r.version, r.content, r.author, _iso(r.at))
