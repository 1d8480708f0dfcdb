"""Atomic file writing, for every layer: a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(destination: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to ``destination``; on success rename it over
    ``destination``, on error delete it and leave any previous file untouched.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("xin chào", encoding="utf-8")
    >>> target.read_text(encoding="utf-8")
    'xin chào'
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)
        tmp.replace(destination)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is None:  # "No space left on device" names no file: say which one
            raise OSError(exc.errno, exc.strerror, str(destination)) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(destination: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``destination`` atomically; return the path."""
    with atomic_path(destination) as tmp:
        tmp.write_bytes(data)
    return Path(destination)
