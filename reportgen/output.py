"""Writing outputs atomically: a reader sees the old file or the new one, never half of either;
and a document's formats land together or not at all."""

from __future__ import annotations

import itertools
import os
from functools import cache
from pathlib import Path


def write_atomic(path: str | Path, data: bytes) -> None:
    write_files({Path(path): data})


def write_files(files: dict[str | Path, bytes], *, sync: bool = True) -> None:
    """Write every file to a temporary beside its target first; only when all are on disk are they
    renamed into place, so a failure (a full disk, a folder where a file should be) leaves the old
    outputs untouched and no temporary behind. A batch passes sync=False and calls sync_folder()
    once per window instead: one flush of the file system, not one fsync per file."""
    staged: list[tuple[str, str]] = []
    try:
        for path, data in files.items():
            path = os.fspath(path)
            if os.path.isdir(path):
                raise IsADirectoryError(f"{path} is a folder, not a file that can be replaced")
            fd, tmp = _temporary(path)
            staged.append((tmp, path))
            try:
                os.fchmod(fd, 0o644)  # whatever the umask: outputs are readable by all, as before
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if sync:
                    os.fsync(fd)
            finally:
                os.close(fd)
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


# A temporary's name: unique per process (pid) and per write (serial), refused if it exists (O_EXCL).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
_serial = itertools.count()


def _temporary(path: str) -> tuple[int, str]:
    """A new file beside `path`, open for writing: (descriptor, name)."""
    folder, name = os.path.split(path)
    while True:
        tmp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_serial)}.tmp")
        try:
            return os.open(tmp, _CREATE, 0o644), tmp
        except FileExistsError:
            # Left by a killed process that had this pid (pids repeat, in a container from run to run):
            # not ours to remove; the next serial gives another name.
            continue
        except FileNotFoundError:  # its folder is new (a batch's first output there)
            os.makedirs(folder or ".", exist_ok=True)
            return os.open(tmp, _CREATE, 0o644), tmp


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
