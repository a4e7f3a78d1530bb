"""Write files so that a failure never leaves a half-written output behind."""

from __future__ import annotations

import glob
import itertools
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from kg.errors import FolderBusy, KgError


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder, then rename over ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp_for(path)
    except OSError as exc:
        raise KgError(f"cannot write here: {exc.strerror}", path=path.parent) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, or a folder where the file should go
        _remove_temps(path)
        raise KgError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:
        _remove_temps(path)
        raise
    return path


JOURNAL = ".kg-swap.json"  # the renames of a swap in progress, for recover()


def _temp_for(path: Path) -> tuple[int, str]:
    """A temporary file beside ``path``, named so that ``_remove_temps`` finds it."""
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except BaseException:
        _remove_temps(path)
        raise


def _remove_temps(path: Path) -> None:
    """Remove the temporary files of ``path`` by their pattern, not by a remembered name: a
    signal (SIGTERM becomes SystemExit) can arrive after mkstemp made a file and before its
    name was kept anywhere."""
    for f in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        f.unlink(missing_ok=True)


def _stray_temps(folder: Path) -> list[Path]:
    return [f for f in folder.glob(".*.tmp") if f.is_file()]


def recover(folder: str | Path) -> None:
    """Finish or undo what an interrupted write left in ``folder``: a swap whose journal was
    written is completed (its files were all staged); temporary files of a write that never
    reached its swap are removed."""
    folder = Path(folder)
    journal = folder / JOURNAL
    if journal.is_file():
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            renames = []
        for tmp, target in renames:
            if (folder / tmp).is_file():
                os.replace(folder / tmp, folder / target)
        journal.unlink(missing_ok=True)
    for f in _stray_temps(folder):
        f.unlink(missing_ok=True)


def atomic_write_many(files: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary name, then swap them all in (see ``atomic_files``)."""
    paths = [Path(p) for p in files]
    with atomic_files(paths) as handles:
        for path, data in zip(paths, files.values()):
            handles[path].write(data)
    return paths


@contextmanager
def atomic_files(paths: list[Path]) -> Iterator[dict[Path, BinaryIO]]:
    """Open a temporary file for each path to be written as a stream; when the block ends
    without error, swap them all in. A failure or a signal while writing leaves the old files
    and no temporary file; a kill during the swap is completed by the next write (a journal
    lists the renames), so graph.ttl and graph.trig never disagree."""
    paths = [Path(p) for p in paths]
    folders = {p.parent for p in paths}
    staged: list[tuple[str, Path]] = []
    handles: dict[Path, BinaryIO] = {}
    swapping = False
    try:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            recover(folder)
        for path in paths:
            fd, tmp = _temp_for(path)
            staged.append((tmp, path))
            handles[path] = os.fdopen(fd, "wb")
        yield handles
        for fh in handles.values():
            fh.close()
        for tmp, _ in staged:
            os.chmod(tmp, 0o644)
        if len(folders) == 1:
            folder = next(iter(folders))
            atomic_write(folder / JOURNAL, json.dumps([[Path(t).name, p.name] for t, p in staged]).encode())
        swapping = True
        for tmp, path in staged:
            _replace(tmp, path)
        for folder in folders:
            (folder / JOURNAL).unlink(missing_ok=True)
    except OSError as exc:
        _close(handles)
        _discard(paths)
        raise KgError(f"cannot write: {exc.strerror}", path=exc.filename or ", ".join(map(str, paths))) from None
    except BaseException:  # Ctrl-C, or SIGTERM turned into SystemExit by the CLI
        _close(handles)
        if swapping:  # every file is staged: finish the swap rather than leave a mix
            for folder in folders:
                recover(folder)
        else:
            _discard(paths)
        raise


_LATER: list[threading.Thread] = []
_NAMES = itertools.count()


def _replace(tmp: str, path: Path) -> None:
    """os.replace, the old file's blocks freed on a thread: unlinking a file of gigabytes
    takes a second or more (its extents are freed, and trimmed, in the call). A hard link
    keeps the old data alive through the rename; the link is named as a temporary file, so a
    kill before it is gone leaves it for ``recover``."""
    link = path.parent / f".{path.name}.{os.getpid()}-{next(_NAMES)}.old.tmp"
    old: Path | None = link
    try:
        os.link(path, link)
    except OSError:  # no old file, or a file system without hard links: replace as is
        old = None
    os.replace(tmp, path)
    if old is not None:
        thread = threading.Thread(target=old.unlink, kwargs={"missing_ok": True}, name="kg-unlink")
        thread.start()
        _LATER.append(thread)


def settle() -> None:
    """Wait until the old files replaced so far are gone (a build calls it as it ends)."""
    while _LATER:
        _LATER.pop().join()


def _close(handles: dict[Path, BinaryIO]) -> None:
    """Close files being given up: a write that failed (a full disk) fails again as the
    buffer is flushed on close, and the descriptor is closed all the same."""
    for fh in handles.values():
        if not fh.closed:
            with suppress(OSError):
                fh.close()


def _discard(paths: list[Path]) -> None:
    for path in paths:
        _remove_temps(path)
        (path.parent / JOURNAL).unlink(missing_ok=True)


@contextmanager
def exclusive(folder: str | Path, what: str = "kg build") -> Iterator[Path]:
    """Hold ``folder`` (made if missing) for one writer at a time: a second one is refused at
    once with one line, never let in to interleave its writes with the first one's.

    The lock is the kernel's (flock) on the folder itself, so it leaves no file behind and
    dies with its process (a killed build locks nothing out). A folder removed and made
    again while we waited is locked anew. Where flock does not exist (Windows), nothing is
    locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield Path(folder)
        return
    folder = Path(folder)
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as exc:
            raise KgError(f"cannot write here: {exc.strerror}", path=folder) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderBusy(f"another {what} is writing to this folder now; wait until it ends, or write to "
                       "another folder", path=folder) from None
        try:
            now = os.stat(folder)
            held = os.fstat(fd)
        except FileNotFoundError:
            now = None
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the folder we locked was removed meanwhile: lock the one there now
    try:
        yield folder
    finally:
        os.close(fd)


@contextmanager
def atomic_folder(path: str | Path) -> Iterator[Path]:
    """A folder written whole or not at all: the block fills a temporary folder beside
    ``path``, which then takes its place (the old one removed); on failure it is removed and
    ``path`` stays as it was."""
    import shutil
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise KgError("exists and is not a folder", path=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    except OSError as exc:
        raise KgError(f"cannot write here: {exc.strerror}", path=path.parent) from None
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise KgError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
