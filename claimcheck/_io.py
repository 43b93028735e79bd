"""Reading user files safely and writing files atomically."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from ._errors import InputError, InputNotFoundError


def read_text(path: str | os.PathLike[str], what: str = "file") -> str:
    """Read a UTF-8 text file, or raise a one-line error naming it.

    Refuses a missing path, a folder, an empty file, binary content (NUL
    bytes) and bytes that are not UTF-8 (saying where the first bad byte is).
    A UTF-8 byte-order mark is dropped.
    """
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError(f"{what} not found", p)
    if p.is_dir():
        raise InputError(f"expected a {what}, found a folder", p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", p) from exc
    return decode_text(data, p, what)


def decode_text(data: bytes, path: str | os.PathLike[str], what: str = "file") -> str:
    """Decode bytes read from ``path`` as UTF-8 text, with the checks of :func:`read_text`."""
    if not data.strip():
        raise InputError(f"{what} is empty", path)
    if b"\x00" in data:
        raise InputError(f"{what} looks binary (contains NUL bytes), expected UTF-8 text", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line) from exc
    return text.removeprefix("\ufeff")


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 hex digest of a file, read in blocks (model weights are large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def umask() -> int:
    """The process's umask (read without changing it for longer than an instant)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def default_mode(directory: bool = False) -> int:
    """The mode a plain ``open``/``mkdir`` would give a new file or folder under the umask (0644 / 0755 at 022)."""
    return (0o777 if directory else 0o666) & ~umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    A replaced file keeps its mode; a new one gets the mode the umask gives
    (temporary files are created 0600, which would hide an index or a report
    from a team that shares them).
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = default_mode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)
