"""Writing outputs atomically: a reader sees the old file or the new one, never half of either;
and a document's formats land together or not at all."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path


def write_atomic(path: str | Path, data: bytes) -> None:
    write_files({Path(path): data})


def write_files(files: dict[Path, bytes], *, sync: bool = True) -> None:
    """Write every file to a temporary beside its target first; only when all are on disk are they
    renamed into place, so a failure (a full disk, a folder where a file should be) leaves the old
    outputs untouched and no temporary behind. A batch passes sync=False and calls sync_folder()
    once per window instead: one flush of the file system, not one fsync per file."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            if path.is_dir():
                raise IsADirectoryError(f"{path} is a folder, not a file that can be replaced")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if sync:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


def sync_folder(folder: str | Path) -> None:
    """Flush everything written on `folder`'s file system (data, renames, new folders) to disk:
    syncfs(2) where libc has it, else sync(2). A batch calls this before the manifest commit
    that claims the files, so the manifest never claims what a power cut could take back."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        syncfs = getattr(_libc(), "syncfs", None)
        if syncfs is None or syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


@cache
def _libc():
    import ctypes  # only a batch syncs: one `render` need not load ctypes

    return ctypes.CDLL(None, use_errno=True)
