"""Parsed files, cached by content.

The parse results that cost more to compute than to store and load are kept (the choice is
``infralint.workers``'): CloudFormation and compose documents (YAML and JSON) of 8 KiB or more,
and the errors of Terraform files. The HCL parser is faster than reading its trees back, and a
small document parses faster than its entry is written. An entry is stored under the SHA-256
of the text, its format and a *salt*: the infralint version, the version of PyYAML, the Python
version and a hash of infralint's parser sources. Upgrading any of them (or editing a parser)
makes every old entry unreachable.

The directory is ``--cache-dir``, else ``$INFRALINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/infralint``, else ``~/.cache/infralint``: one cache per user, shared by every
repository (entries are keyed by content, so sharing is safe). ``--no-cache`` bypasses it;
deleting the directory is always safe.

Entries are written (by a background thread, while the scan goes on) to a temporary file and
renamed into place (``os.replace``), so concurrent runs never read a half-written entry. Every
problem with the cache (unwritable directory, corrupt entry) is a cache miss, never an error.

Entries are JSON, never pickles (nor ``marshal``, which a malformed entry can make allocate
gigabytes): tuples are written ``{"t": [...]}`` and mappings ``{"d": [[key, value], ...]}`` so
that both come back as they were (``dumps`` / ``loads``). Loading runs nothing and costs memory
in proportion to the entry, which is read only up to ``MAX_ENTRY_BYTES``. ``encode`` and
``decode`` convert between parse results and that form; an entry that does not decode into the
expected shape, or is not a regular file inside the directory, is a miss.

A cache entry decides what a file parses to, so the directory must be the user's alone: it is
used only when it is owned by the user running infralint and writable by no one else
(``problem`` says why not, and the scan says so in a diagnostic).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from typing import Any

from infralint import __version__

_FORMAT = 4  # bump when the encoding below changes
_PARSERS = ("__init__.py", "hcl.py", "hcl_ast.py", "terraform.py", "yaml_doc.py", "json_doc.py")


def default_directory() -> str:
    explicit = os.environ.get("INFRALINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "infralint")


class Cache:
    """A directory of encoded parse results. ``get`` returns ``None`` on a miss; ``put`` writes
    in a background thread (the scan goes on meanwhile), ``flush`` waits for the writes."""

    def __init__(self, directory: str):
        self.directory = directory
        self.salt = _salt()
        self._queue: Any = None
        self._writer: Any = None

    def key(self, kind: str, text: str) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(kind.encode())
        if kind == "yaml":  # parsed by PyYAML
            digest.update(_pyyaml())
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        return read_entry(self.directory, key)

    def put(self, key: str, data: bytes) -> None:
        if self._writer is None:
            import queue
            import threading

            self._queue = queue.SimpleQueue()
            self._writer = threading.Thread(target=self._write_all, name="infralint-cache")
            self._writer.start()
        self._queue.put((key, data))

    def flush(self) -> None:
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None

    def _write_all(self) -> None:
        with contextlib.suppress(OSError):  # then every write fails: the cache is only slower
            prepare(self.directory)
        count = 0
        while (item := self._queue.get()) is not None:
            key, data = item
            count += 1
            with contextlib.suppress(OSError):
                write_entry(self.directory, key, data, f"{id(self)}-{count}")


MAX_ENTRY_BYTES = 64 * 1024 * 1024


def problem(directory: str) -> str:
    """Why ``directory`` may not be used as the cache ("" when it may: it does not exist yet,
    or it is a directory owned by this user that no one else can write)."""
    import stat

    try:
        info = os.stat(directory)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a directory"
    if not hasattr(os, "geteuid"):  # Windows: no POSIX owner or mode bits to check
        return ""
    if info.st_uid != os.geteuid():
        return "is owned by another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by other users"
    return ""


def read_entry(directory: str, name: str) -> bytes | None:
    """The bytes of entry ``name``, read like any file (``infralint.files``); None when there is
    none or it may not be read."""
    from infralint.files import Refused, read_bytes

    try:
        return read_bytes(name, directory, MAX_ENTRY_BYTES)
    except Refused:
        return None


def write_entry(directory: str, name: str, data: bytes, tag: str) -> None:
    """Write entry ``name`` atomically (a private temporary file renamed into place); raises
    OSError."""
    tmp = os.path.join(directory, f".tmp-{os.getpid()}-{tag}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, os.path.join(directory, name))
    except BaseException:
        _remove(tmp)
        raise


def prepare(directory: str) -> None:
    os.makedirs(directory, mode=0o700, exist_ok=True)
    tag = os.path.join(directory, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        with open(tag, "w", encoding="ascii") as fh:
            fh.write("Signature: 8a477f597d28d172789f06886806bc55\n# infralint parse cache\n")
        with open(os.path.join(directory, ".gitignore"), "w", encoding="ascii") as fh:
            fh.write("*\n")


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


@functools.cache
def _salt() -> bytes:
    """What every key is salted with: the entry format, infralint's version and parser sources,
    Python's version (they do not change while a process runs)."""
    parts = [f"infralint-cache {_FORMAT} {__version__} {sys.version_info[:2]}"]
    digest = hashlib.sha256("\n".join(parts).encode())
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parse")
    for name in _PARSERS + ("../model.py",):
        try:
            with open(os.path.join(here, name), "rb") as fh:
                digest.update(fh.read())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


@functools.cache
def _pyyaml() -> bytes:
    """PyYAML's version, salting the keys of the documents it parses (imported only then)."""
    import yaml

    return f"PyYAML {yaml.__version__}".encode()


# -- the data format -------------------------------------------------------------------------
def dumps(value: Any) -> bytes:
    """JSON bytes of ``value`` (strings, numbers, booleans, None, lists, tuples, mappings with
    any such keys); raises ValueError for anything else."""
    return json.dumps(_tagged(value), separators=(",", ":")).encode("ascii")


def loads(data: bytes) -> Any:
    """The value ``dumps`` wrote; raises ValueError (or RecursionError) for anything else."""
    return json.loads(data, object_hook=_untagged)


def _tagged(value: Any) -> Any:
    if isinstance(value, tuple):
        return {"t": [_tagged(v) for v in value]}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, dict):
        return {"d": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError(f"cannot store {type(value).__name__}")


def _untagged(obj: dict) -> Any:
    if len(obj) == 1:
        if "t" in obj and isinstance(obj["t"], list):
            return tuple(obj["t"])
        if "d" in obj and isinstance(obj["d"], list):
            return {_key(pair): pair[1] for pair in obj["d"]}
    raise ValueError("malformed cache entry")


def _key(pair: Any) -> Any:
    if not (isinstance(pair, list) and len(pair) == 2) or isinstance(pair[0], list | dict):
        raise ValueError("malformed cache entry")
    return pair[0]


# -- encoding ---------------------------------------------------------------------------------
# A parse result becomes nested tuples of strings and numbers:
#   ("doc", value, spans, warnings, more) for a YAML/JSON Document (``more``: the documents
#   after it in a YAML stream, each (value, spans, warnings));
#   ("error", message, line) for a file that does not parse.


def encode(kind: str, value: Any) -> bytes:
    """Bytes for a parse result (``kind`` "doc") or a ``ParseError`` (any kind); raises
    ``ValueError`` for a value that cannot be encoded."""
    from infralint.parse import ParseError

    if isinstance(value, ParseError):
        return dumps(("error", value.message, value.line))
    if kind != "doc":
        raise ValueError(f"{kind} results are not cached")
    first, *more = (_enc_doc(part) for part in value.stream())
    return dumps(("doc", *first, tuple(more)))


def decode(data: bytes) -> Any:
    """The parse result (a ``Document``) or ``ParseError`` the bytes encode."""
    from infralint.parse import ParseError

    item = loads(data)
    _require(isinstance(item, tuple) and bool(item))
    tag = item[0]
    if tag == "doc":
        _require(len(item) == 5 and isinstance(item[4], tuple))
        doc = _dec_doc(item[1:4])
        doc.more = [_dec_doc(part) for part in item[4]]
        return doc
    if tag == "error":
        _require(isinstance(item[1], str) and type(item[2]) is int)
        return ParseError(item[1], item[2])
    raise ValueError(f"unknown cache entry {tag!r}")


def _enc_doc(doc: Any) -> tuple:
    spans = {path: _enc_span(s) for path, s in doc.spans.items()}
    return (doc.value, spans, doc.warnings)


def _dec_doc(item: Any) -> Any:
    from infralint.model import Span
    from infralint.parse import Document

    _require(isinstance(item, tuple) and len(item) == 3 and isinstance(item[1], dict))
    _plain(item[0], 0)
    spans = {_plain_path(path): Span(*_ints(s, 4)) for path, s in item[1].items()}
    warnings = [(int(line), str(message)) for line, message in item[2]]
    return Document(item[0], spans, warnings)


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("malformed cache entry")


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, depth: int) -> None:
    """Raise ValueError unless ``value`` is plain data (what a YAML/JSON document holds)."""
    _require(depth < 10_000)
    if isinstance(value, dict):
        for key, item in value.items():
            _require(isinstance(key, _SCALARS))
            _plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _plain(item, depth + 1)
    else:
        _require(isinstance(value, _SCALARS))


def _plain_path(path: Any) -> tuple:
    _require(isinstance(path, tuple) and all(isinstance(p, str | int) for p in path))
    return path


def _ints(values: Any, count: int) -> tuple:
    _require(isinstance(values, tuple) and len(values) == count)
    _require(all(type(v) is int for v in values))
    return values


def _enc_span(span: Any) -> tuple:
    return (span.line, span.end_line, span.col, span.end_col)
