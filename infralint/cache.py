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

Entries are ``marshal`` data, not pickles: plain tuples load several times faster than pickled
objects. ``encode`` and ``decode`` convert between parse results and that form.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from typing import Any

from infralint import __version__

_FORMAT = 3  # bump when the encoding below changes
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
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        try:
            with open(self._path(key), "rb") as fh:
                return fh.read()
        except OSError:
            return None

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
            _prepare(self.directory)
        count = 0
        while (item := self._queue.get()) is not None:
            key, data = item
            count += 1
            tmp = os.path.join(self.directory, f".tmp-{os.getpid()}-{id(self)}-{count}")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(data)
                    os.replace(tmp, self._path(key))
                except BaseException:
                    _remove(tmp)
                    raise
            except OSError:
                pass

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key)


def _prepare(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    tag = os.path.join(directory, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        with open(tag, "w", encoding="ascii") as fh:
            fh.write("Signature: 8a477f597d28d172789f06886806bc55\n# infralint parse cache\n")
        with open(os.path.join(directory, ".gitignore"), "w", encoding="ascii") as fh:
            fh.write("*\n")


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


_SALT: list[bytes] = []


def _salt() -> bytes:
    if _SALT:
        return _SALT[0]
    from importlib import metadata

    parts = [f"infralint-cache {_FORMAT} {__version__} {sys.version_info[:2]}"]
    for dist in ("PyYAML",):
        parts.append(f"{dist} {metadata.version(dist)}")
    digest = hashlib.sha256("\n".join(parts).encode())
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parse")
    for name in _PARSERS + ("../model.py",):
        try:
            with open(os.path.join(here, name), "rb") as fh:
                digest.update(fh.read())
        except OSError:
            digest.update(name.encode())
    _SALT.append(digest.digest())
    return _SALT[0]


# -- encoding ---------------------------------------------------------------------------------
# A parse result becomes nested tuples of strings and numbers:
#   ("doc", value, spans, warnings) for a YAML/JSON Document;
#   ("error", message, line) for a file that does not parse.


def encode(kind: str, value: Any) -> bytes:
    """Bytes for a parse result (``kind`` "doc") or a ``ParseError`` (any kind); raises
    ``ValueError`` for a value that cannot be encoded."""
    from infralint.parse import ParseError

    if isinstance(value, ParseError):
        return marshal.dumps(("error", value.message, value.line))
    if kind != "doc":
        raise ValueError(f"{kind} results are not cached")
    spans = {path: _enc_span(s) for path, s in value.spans.items()}
    return marshal.dumps(("doc", value.value, spans, value.warnings))


def decode(data: bytes) -> Any:
    """The parse result (a ``Document``) or ``ParseError`` the bytes encode."""
    from infralint.model import Span
    from infralint.parse import Document, ParseError

    item = marshal.loads(data)
    tag = item[0]
    if tag == "doc":
        spans = {path: Span(*s) for path, s in item[2].items()}
        return Document(item[1], spans, [tuple(w) for w in item[3]])
    if tag == "error":
        return ParseError(item[1], item[2])
    raise ValueError(f"unknown cache entry {tag!r}")


def _enc_span(span: Any) -> tuple:
    return (span.line, span.end_line, span.col, span.end_col)
