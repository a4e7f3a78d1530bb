"""Write files so that a failure never leaves a half-written output behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import KgError


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder, then rename over ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KgError(f"cannot write here: {exc.strerror}", path=path.parent) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, or a folder where the file should go
        Path(tmp).unlink(missing_ok=True)
        raise KgError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_many(files: dict[Path, bytes]) -> list[Path]:
    """Write every temporary file first, then rename them all: a failure while writing
    leaves all the old files in place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise KgError(f"cannot write: {exc.strerror}", path=exc.filename or "") from None
    return [path for _, path in staged]
