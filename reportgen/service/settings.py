"""The service's settings: limits and who may call it. Passed to create_app, never global."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path

from ..config import Config, load_settings

ENV = "REPORTGEN_SERVE_SETTINGS"  # how `serve --workers N` hands the settings to each worker process


@dataclass(frozen=True)
class Settings:
    data_dir: str = "reportgen-data"  # the SQLite workspace lives here unless database_url is given
    database_url: str | None = None
    max_body_bytes: int = 2 * 1024 * 1024  # a record is text: 2 MiB is far above any real one
    max_upload_bytes: int = 20 * 1024 * 1024  # an imported document or a photo
    request_timeout_s: float = 60.0  # a render that takes longer answers 503
    pdf_queue: int = 4  # PDF conversions waiting at once; more answer 429
    pdf_restart_after: int = 200  # LibreOffice is restarted after this many conversions
    render_threads: int = 4
    tokens: tuple[tuple[str, str], ...] = ()  # (who, bearer token); empty = no authentication (loopback only)
    allow_disclosure: tuple[str, ...] = ()
    reporter_symbol: str | None = None
    config_file: str | None = None  # the organisation settings file (reportgen.toml), as --config gives it
    cluster: str | None = None  # a Dask scheduler (tcp://HOST:PORT or local:N) regenerating dependents

    @property
    def config(self) -> Config:
        return _config(self.config_file, self.allow_disclosure, self.reporter_symbol)

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{Path(self.data_dir).resolve() / 'workspace.sqlite'}"

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        raw = json.loads(os.environ[ENV])
        raw["tokens"] = tuple(tuple(pair) for pair in raw.get("tokens", ()))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})


@cache
def _config(config_file: str | None, allow_disclosure: tuple[str, ...], reporter_symbol: str | None) -> Config:
    """The organisation's settings with the command's options on top; never --allow-outside: a
    service reads nothing outside its workspace."""
    base = load_settings(config_file) if config_file else Config()
    return replace(
        base,
        extra_disclosures=tuple(dict.fromkeys([*base.extra_disclosures, *allow_disclosure])),
        reporter_symbol=reporter_symbol or base.reporter_symbol,
        allow_outside=(),
    )


def read_settings_file(path: str | Path) -> dict:
    """A TOML settings file: a `[tokens]` table (who = "bearer token", recorded as the author of
    every version they save) and any limit above by its name, e.g. `max_body_bytes = 1048576`.
    Unknown keys are an error (a typo must not silently disable authentication)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    known = set(Settings.__dataclass_fields__) - {"data_dir", "database_url", "config_file"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    tokens = data.pop("tokens", {})
    if not isinstance(tokens, dict) or not all(isinstance(t, str) and len(t) >= 16 for t in tokens.values()):
        raise ValueError(f'{path}: write tokens as a table of who = "token", each token at least 16 characters')
    out = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    out["tokens"] = tuple(tokens.items())
    return out
