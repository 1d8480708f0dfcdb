"""Atomic file writing, for every layer: a reader never sees a half-written file, and a
folder of outputs is replaced in one step."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from bhxh_comms.errors import UsageError


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
        # Name the file the user asked for, never the temporary one ("No space left on device"
        # names no file at all).
        raise OSError(exc.errno, exc.strerror, str(destination)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_output_file(path: Path | str, suffixes: Sequence[str], *, force: bool = False) -> Path:
    """``path`` if a command may write its output there: not a folder, one of ``suffixes``
    (``.xlsx``…), and not an existing file unless ``force``; else a :class:`UsageError` in
    both languages."""
    path = Path(path)
    wanted = " hoặc ".join(suffixes)
    if path.is_dir():
        raise UsageError(f"{path} là một thư mục: cần một tệp {wanted}", f"{path} is a folder: give a {wanted} file")
    if path.suffix.lower() not in suffixes:
        raise UsageError(
            f"{path}: tệp kết quả phải có đuôi {wanted}", f"{path}: the output file must end in {' or '.join(suffixes)}"
        )
    if path.exists() and not force:
        raise UsageError(f"{path} đã có: dùng --force để ghi đè", f"{path} exists: use --force to overwrite it")
    return path


def write_bytes_atomic(destination: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``destination`` atomically; return the path."""
    with atomic_path(destination) as tmp:
        tmp.write_bytes(data)
    return Path(destination)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _staging_pattern(destination: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(destination.name)}\.(\d+)\..*\.(staging|old)$")


def _remove_abandoned(destination: Path) -> None:
    """Staging folders of runs that were killed (their process is gone) are removed."""
    pattern = _staging_pattern(destination)
    for sibling in destination.parent.iterdir() if destination.parent.is_dir() else ():
        found = pattern.match(sibling.name)
        if found is None or not sibling.is_dir():
            continue
        try:
            os.kill(int(found.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(sibling, ignore_errors=True)
        except PermissionError:
            continue  # another user's live process


@contextlib.contextmanager
def staged_folder(destination: Path | str) -> Iterator[Path]:
    """Yield an empty folder next to ``destination``; when the block ends without error it
    takes ``destination``'s place in one step (the previous folder is removed), otherwise it
    is removed and ``destination`` stays as it was. A run killed at any moment leaves
    ``destination`` whole, old or new; its staging folder is removed by the next run.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ket-qua"
    >>> with staged_folder(out) as folder:
    ...     _ = (folder / "a.txt").write_text("1")
    >>> sorted(p.name for p in out.iterdir())
    ['a.txt']
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(destination)
    prefix = f".{destination.name}.{os.getpid()}."
    staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=".staging", dir=destination.parent))
    try:
        yield staging
        staging.chmod(0o755)
        if not destination.exists():
            staging.rename(destination)
        elif _exchange(staging, destination):
            shutil.rmtree(staging)  # now the previous run's folder
        else:
            old = Path(tempfile.mkdtemp(prefix=prefix, suffix=".old", dir=destination.parent))
            old.rmdir()
            destination.rename(old)
            staging.rename(destination)
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def restamped_office_file(source: Path | str, destination: Path | str, moment: dt.datetime) -> Path:
    """Copy an Office file (.xlsx, .docx: a zip) with its document times — created and
    modified in ``docProps/core.xml``, and every zip entry's time — set to ``moment``: the
    same content gives the same bytes whenever and wherever it was written. ``destination``
    may be ``source``; it is written atomically."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(source) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with atomic_path(destination) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(name, date_time=utc.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return Path(destination)
