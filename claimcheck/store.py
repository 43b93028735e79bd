"""Index folders on disk: the manifest, the data files, the write lock, and checking all of it.

An index folder holds::

    manifest.json                  format and library versions, the model (name,
                                   weight fingerprint, dimension, prompt), metric,
                                   count, sources, languages, and each data file
                                   with its size and SHA-256
    vectors-<digest>.faiss         FAISS's own serialisation (no pickle)
    statements-<digest>.jsonl      one statement a line, in row order
    bm25-<digest>/                 the BM25 side: bm25s's arrays (.npy, no pickle) and JSON
    .claimcheck.lock               the write lock (filelock)

Saving is atomic: data files are written under new content-addressed names,
then ``manifest.json`` is replaced in one ``os.replace``, then the files only
the previous manifest named are removed (nothing else in the folder is
touched). A crash at any point leaves either the old index or the new one,
complete. Writers hold the lock from reading the manifest to swapping in the
new one. Loading checks every part and refuses anything that does not add up;
a reader that meets a manifest swapped under it starts again.

:class:`claimcheck.index.StatementIndex` saves and loads through this module.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ._errors import IndexBusyError, IndexFormatError, InputError, InputNotFoundError
from ._io import default_mode, fsync_dir, sha256_bytes, sha256_file, write_atomic
from ._version import __version__
from .corpus import Statement
from .lexical import LexicalIndex

if TYPE_CHECKING:
    from .encoder import Encoder

FORMAT_NAME = "claimcheck-index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
METRIC = "cosine"
LOCK_FILE = ".claimcheck.lock"
"""Writers of an index folder hold this lock (filelock) from reading the manifest to swapping in the new one."""
LOCK_TIMEOUT = 120.0
"""Seconds a writer waits for another writer of the same index before giving up with :class:`IndexBusyError`."""


def write_lock(folder: Path, timeout: float | None = None) -> Any:
    """The write lock of an index folder (the folder must exist); re-entrant within a process."""
    from filelock import FileLock

    return FileLock(str(folder / LOCK_FILE), timeout=LOCK_TIMEOUT if timeout is None else timeout, is_singleton=True)


def acquire(lock: Any, folder: Path) -> None:
    from filelock import Timeout

    try:
        lock.acquire()
    except Timeout:
        raise IndexBusyError(f"another claimcheck process is writing this index (waited {lock.timeout:.0f} s for "
                             f"{LOCK_FILE}); try again when it has finished", folder) from None


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The claimcheck manifest of a folder; None if it has none. A manifest of another kind raises InputError."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise InputError(f"holds a {MANIFEST} that is not a claimcheck index; refusing to write there", folder)
    return manifest


def check_output_folder(folder: Path, *, overwrite: bool) -> None:
    """Refuse, before any work, a folder an index cannot be written to: a file, a folder of other things, a
    foreign manifest, an existing index without ``overwrite``, or a place nothing can be written."""
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", folder)
    if folder.is_dir():
        manifest = read_manifest(folder)
        if manifest is None and any(p.name != LOCK_FILE for p in folder.iterdir()):
            raise InputError("folder is not empty and holds no claimcheck index; refusing to write there", folder)
        if manifest is not None and not overwrite:
            raise InputError("an index already exists there; pass --overwrite to replace it, or use 'index add'",
                             folder)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot create or write the index folder ({existing} is not a writable folder)", folder)


def same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def named_files(manifest: dict[str, Any] | None) -> set[str]:
    """The file and folder names a manifest names (plain names only: nothing outside its folder)."""
    names: set[str] = set()
    files = (manifest or {}).get("files")
    if isinstance(files, dict):
        for entry in files.values():
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(name, str) and name and Path(name).name == name and name not in (MANIFEST, LOCK_FILE):
                names.add(name)
    return names


@attrs.frozen(slots=True)
class ModelInfo:
    """The identity of the model that made an index's vectors."""

    name: str
    fingerprint: str
    dimension: int = attrs.field(validator=attrs.validators.gt(0))
    prompt: str = ""

    @classmethod
    def of(cls, encoder: Encoder) -> ModelInfo:
        return cls(encoder.name, encoder.fingerprint, encoder.dimension, encoder.prompt)


@attrs.frozen(slots=True)
class Loaded:
    """The verified parts of an index folder."""

    model: ModelInfo
    statements: list[Statement]
    faiss_index: Any
    lexical: LexicalIndex
    manifest: dict[str, Any]
    mmapped: bool = False


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _verify(file: Path, entry: Mapping[str, Any], size: int, digest: Callable[[], str]) -> None:
    """Check a data file against its manifest entry: its size, then its SHA-256 (computed only if the size fits)."""
    if size != entry.get("bytes"):
        raise IndexFormatError(f"truncated or altered: {size} bytes, manifest says {entry.get('bytes')} "
                               "(checksum mismatch)", file)
    if digest() != entry.get("sha256"):
        raise IndexFormatError("checksum mismatch: the file was altered after the index was saved", file)


def read_verified(file: Path, entry: Mapping[str, Any]) -> bytes:
    """A data file's bytes, checked against its manifest entry (size, then SHA-256)."""
    data = file.read_bytes()
    _verify(file, entry, len(data), lambda: sha256_bytes(data))
    return data


def _named(folder: Path, entry: Mapping[str, Any], what: str, *, is_dir: bool = False) -> Path:
    """The path a manifest entry names inside ``folder`` (a plain name only), which must exist."""
    name = entry.get("name")
    path = folder / str(name or "")
    exists = path.is_dir() if is_dir else path.is_file()
    if not name or Path(str(name)).name != name or not exists:
        raise IndexFormatError(f"{what} named in the manifest is missing", path)
    return path


def read_consistent(folder: Path, *, mmap: bool = False, bm25: bool = True) -> Loaded:
    """:func:`read_folder`, started again (up to five times) when a writer swapped the manifest meanwhile."""
    for _ in range(5):
        before = manifest_bytes(folder)
        try:
            return read_folder(folder, mmap=mmap, bm25=bm25)
        except IndexFormatError:
            if before is None or manifest_bytes(folder) == before:
                raise
    return read_folder(folder, mmap=mmap, bm25=bm25)


def write_folder(folder: Path, previous: dict[str, Any] | None, *, faiss_index: Any, statements: Sequence[Statement],
                 lexical: LexicalIndex, created: str | None, info: dict[str, Any],
                 index_spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write the data files, swap in the manifest, then remove what only the previous manifest named.

    The caller holds the folder's write lock. Returns the new manifest.
    """
    import faiss

    vectors = faiss.serialize_index(faiss_index).tobytes()
    lines = "".join(json.dumps(s.to_record(), ensure_ascii=False) + "\n" for s in statements)
    records = lines.encode("utf-8")
    files: dict[str, dict[str, Any]] = {}
    for role, data, ext in (("vectors", vectors, "faiss"), ("statements", records, "jsonl")):
        digest = sha256_bytes(data)
        name = f"{role}-{digest[:16]}.{ext}"
        if not (folder / name).is_file() or sha256_file(folder / name) != digest:
            write_atomic(folder / name, data)
        files[role] = {"name": name, "bytes": len(data), "sha256": digest}
    files["bm25"] = save_lexical(folder, lexical)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "claimcheck_version": __version__,
        "faiss_version": faiss.__version__,
        "created": created,
        "saved": now(),
        "model": info["model"],
        "metric": METRIC,
        "normalized": True,
        "faiss_index": type(faiss_index).__name__,
        "index": index_spec or {"type": "flat", "factory": "Flat", "search": {}},
        "count": len(statements),
        "sources": info["sources"],
        "languages": info["languages"],
        "files": files,
    }
    write_atomic(folder / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    for name in named_files(previous) - named_files(manifest):
        child = folder / name
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    fsync_dir(folder)
    return manifest



def save_lexical(folder: Path, lexical: LexicalIndex) -> dict[str, Any]:
    """Write the BM25 side into a content-addressed subfolder; return its manifest entry."""
    tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=folder))
    try:
        lexical.save(tmp)
        entries = {}
        for file in sorted(tmp.iterdir()):
            data = file.read_bytes()
            entries[file.name] = {"bytes": len(data), "sha256": sha256_bytes(data)}
            with open(file, "rb+") as handle:
                os.fsync(handle.fileno())
        digest = sha256_bytes(json.dumps(entries, sort_keys=True).encode())
        name = f"bm25-{digest[:16]}"
        if (folder / name).is_dir():
            shutil.rmtree(tmp)
        else:
            os.chmod(tmp, default_mode(directory=True))  # mkdtemp makes it 0700
            os.rename(tmp, folder / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {"name": name, "files": entries}



MMAP_FROM_BYTES = 256 * 1024 * 1024
"""Vector files at least this large are memory-mapped on load (read-only use), not read into memory."""


def _read_faiss(file: Path, entry: Mapping[str, Any], mmap: bool) -> tuple[Any, bool]:
    """The FAISS index of a verified vectors file, and whether it is memory-mapped (when asked and large)."""
    import faiss

    if mmap and file.stat().st_size >= MMAP_FROM_BYTES:
        _verify(file, entry, file.stat().st_size, lambda: sha256_file(file))  # streamed: never held in memory
        # Files are never rewritten in place (a new save writes a new name), so the verified bytes stay. FAISS maps
        # flat storage (IFC) and, separately, IVF lists; an index type it maps in neither way is read whole.
        for flags in (faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY, faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY):
            try:
                return faiss.read_index(str(file), flags), True
            except RuntimeError:
                continue
    data = read_verified(file, entry)
    try:
        return faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8)), False
    except RuntimeError as exc:
        raise IndexFormatError("FAISS cannot read this file", file) from exc


def read_folder(folder: Path, *, mmap: bool = False, bm25: bool = True) -> Loaded:
    """Read and verify every part of an index folder once (see :func:`read_consistent`); with ``mmap``, a large
    vectors file is memory-mapped (for searching only: an index that will be added to is read whole). Without
    ``bm25`` the BM25 side is verified but read only on first use (for callers that only describe the index: a
    writer may remove those files once it has swapped in a new manifest)."""
    import faiss

    if not folder.exists():
        raise InputNotFoundError("index folder not found", folder)
    if not folder.is_dir():
        raise IndexFormatError("not an index folder (it is a file)", folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise IndexFormatError(f"not a claimcheck index (no {MANIFEST})", folder)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"unreadable manifest ({exc})", manifest_path) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise IndexFormatError(f"manifest is not a {FORMAT_NAME} manifest", manifest_path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index format version {manifest.get('format_version')!r} is not supported (expected "
            f"{FORMAT_VERSION}); rebuild the index with this claimcheck", manifest_path)
    check_manifest_fields(manifest, manifest_path)
    try:
        model = ModelInfo(**manifest["model"])
    except (TypeError, ValueError) as exc:
        raise IndexFormatError(f"manifest field 'model' is not valid ({exc})", manifest_path) from None
    count = manifest["count"]
    files = {role: manifest["files"][role] for role in ("vectors", "statements")}
    bm25_entry = manifest["files"]["bm25"]
    bm25_files = dict(bm25_entry["files"])
    if manifest.get("metric") != METRIC:
        raise IndexFormatError(f"metric {manifest.get('metric')!r} is not supported", manifest_path)
    file = _named(folder, files["vectors"], "vectors file")
    faiss_index, mmapped = _read_faiss(file, files["vectors"], mmap)
    if getattr(faiss_index, "metric_type", None) != faiss.METRIC_INNER_PRODUCT:
        raise IndexFormatError("the FAISS index does not use inner product (its scores would not be cosines)",
                               file)
    if type(faiss_index).__name__ != manifest.get("faiss_index"):
        raise IndexFormatError(f"the FAISS file holds a {type(faiss_index).__name__}, the manifest says "
                               f"{manifest.get('faiss_index')!r}", file)
    if faiss_index.d != model.dimension:
        raise IndexFormatError(f"the FAISS file holds vectors of dimension {faiss_index.d}, the manifest says "
                               f"{model.dimension}", file)
    from .ann import IndexSpec

    try:
        IndexSpec.from_manifest(manifest.get("index"), type(faiss_index).__name__)
    except ValueError as exc:
        raise IndexFormatError(str(exc), manifest_path) from None
    file = _named(folder, files["statements"], "statements file")
    data = read_verified(file, files["statements"])
    statements = []
    try:
        for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
            statements.append(Statement.from_record(json.loads(line), default_id=""))
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, AttributeError) as exc:
        raise IndexFormatError(f"bad statement at line {number} ({exc})", file) from exc
    if not (faiss_index.ntotal == len(statements) == count):
        raise IndexFormatError(
            f"counts disagree: manifest {count}, vectors {faiss_index.ntotal}, statements {len(statements)}", folder)
    bm25_dir = _named(folder, bm25_entry, "BM25 folder", is_dir=True)
    for name, entry in bm25_files.items():
        read_verified(_named(bm25_dir, {"name": name}, "BM25 file"), entry)
    try:
        lexical = LexicalIndex.load(bm25_dir, count, lazy=not bm25)  # files verified above
    except Exception as exc:  # noqa: BLE001 - bm25s raises assorted errors on bad files
        raise IndexFormatError(f"BM25 side cannot be read ({type(exc).__name__})", bm25_dir) from exc
    return Loaded(model, statements, faiss_index, lexical, manifest, mmapped)




def manifest_bytes(folder: Path) -> bytes | None:
    try:
        return (folder / MANIFEST).read_bytes()
    except OSError:
        return None


_MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "model": dict, "count": int, "files": dict, "metric": str, "faiss_index": str, "created": (str, type(None)),
    "saved": (str, type(None)), "sources": dict, "languages": dict, "claimcheck_version": str}
_MODEL_TYPES: dict[str, type | tuple[type, ...]] = {"name": str, "fingerprint": str, "dimension": int,
                                                    "prompt": str}


def check_manifest_fields(manifest: dict[str, Any], path: Path) -> None:
    """Refuse a manifest whose fields are missing or of the wrong type, naming the field (never a traceback)."""
    def bad(field: str, expected: type | tuple[type, ...], value: Any) -> IndexFormatError:
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        found = "nothing" if value is None else type(value).__name__
        return IndexFormatError(f"manifest field '{field}' should be {names}, found {found}", path)

    for field, expected in _MANIFEST_TYPES.items():
        value = manifest.get(field)
        if field in ("created", "saved", "sources", "languages", "claimcheck_version") and field not in manifest:
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise bad(field, expected, value)
    for field, expected in _MODEL_TYPES.items():
        value = manifest["model"].get(field)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise bad(f"model.{field}", expected, value)
    for role in ("vectors", "statements", "bm25"):
        entry = manifest["files"].get(role)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise bad(f"files.{role}", dict, entry)
    bm25_files = manifest["files"]["bm25"].get("files")
    if not isinstance(bm25_files, dict) or not all(isinstance(e, dict) for e in bm25_files.values()):
        raise bad("files.bm25.files", dict, bm25_files)
    extra = set(manifest["model"]) - set(_MODEL_TYPES)
    if extra:
        raise IndexFormatError(f"manifest field 'model' has unknown keys: {', '.join(sorted(extra))}", path)


