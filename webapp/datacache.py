"""The data as loaded and validated, kept on disk between starts under a hash of everything it was made from.

Reading the CSVs with pandas, validating them and translating them into every language took about half of a
start (issue 13). What comes out depends only on the files of the data folder, the code and catalogues of the
webapp package, and the versions of Python and of the libraries that read them; the file is named by a hash of all
of them, so any change to any of them makes a new one, and a stale file can never be read. Data with errors is
never kept: every start reports them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from importlib import metadata
from pathlib import Path

# The libraries whose behaviour shapes the loaded data (pandas reads the CSVs, Babel the catalogues).
LIBRARIES = ("pandas", "numpy", "babel")
KEEP = 8  # files kept in the folder, newest first: enough for a few branches or data folders, not a pile


def key(folders: list[Path]) -> str:
    """Return the sha256 of every file under `folders` (paths and bytes) and of the interpreter and libraries."""
    digest = hashlib.sha256(repr((sys.version, [_version(name) for name in LIBRARIES])).encode())
    for folder in folders:
        folder = Path(folder)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(b"\0%s\0%d\0" % (str(path.relative_to(folder)).encode(), path.stat().st_size))
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    """Return an installed library's version ('' when it is not installed)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def trusted(directory: str) -> bool:
    """Say whether a folder may hold kept data: ours, and nobody else may write to it (a pickle runs code)."""
    try:
        status = Path(directory).stat()
    except OSError:
        return True  # not made yet: dump() makes it, with the process's own umask
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def load(directory: str, name: str):
    """Return the object kept under `name`, or None when there is none, it cannot be read or its folder is not ours."""
    if not trusted(directory):
        return None  # e.g. ALL_TIMELINE_DATA_CACHE_DIR=/tmp: another user could have put a file there (review)
    try:
        with open(Path(directory) / f"{name}.pickle", "rb") as kept:
            return pickle.load(kept)
    except Exception:  # noqa: BLE001 - a missing, partial or unreadable file only means loading the data again
        return None


def dump(directory: str, name: str, value) -> None:
    """Keep `value` under `name` if the folder lets us (atomically: a start reading meanwhile sees all or nothing)."""
    folder = Path(directory)
    partial = folder / f".{name}.{os.getpid()}.partial"
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        folder.mkdir(parents=True, exist_ok=True)
        if not trusted(directory):
            return
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(folder / f"{name}.pickle")
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
        old = sorted(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)[KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
