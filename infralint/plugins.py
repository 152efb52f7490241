"""The installed plugins: the entry points of infralint's groups (rules, formats).

``importlib.metadata`` finds them. Importing it and reading every installed distribution costs
about 30 ms of CPU, a quarter of a pre-commit run on one file, so what it found is kept in a
record in infralint's cache directory (``infralint.cache.default_directory``), named by the
fingerprint of what decides it: the interpreter, ``sys.path``, and for each of its directories
the name, modification time and size of every distribution's ``entry_points.txt``. Installing,
upgrading, removing or re-registering a distribution changes the fingerprint, and the next run
asks ``importlib.metadata`` again. A missing, stale, unreadable or foreign record is a fresh
lookup; a cache directory that cannot be used (see ``infralint.cache.problem``) only costs the
speed. ``INFRALINT_NO_PLUGIN_RECORD=1`` always asks ``importlib.metadata``.

The record names modules to import, so it is trusted only under the same conditions as the
parse cache: a directory owned by the user and writable by no one else.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass
from importlib import import_module
from typing import Any

GROUPS = ("infralint.formats", "infralint.rules")
_RECORD_FORMAT = 1


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """One registration: ``name = module:attribute`` in ``group``."""

    name: str
    value: str
    group: str

    def load(self) -> Any:
        """The object the entry point names (its module is imported)."""
        module, _, attrs = self.value.partition(":")
        obj: Any = import_module(module.strip())
        for attr in attrs.split("[", 1)[0].strip().split("."):
            if attr:
                obj = getattr(obj, attr)
        return obj


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points registered in ``group`` (one of ``GROUPS``), by name and value."""
    return [ep for ep in _all() if ep.group == group]


def _all() -> list[EntryPoint]:
    from infralint import cache

    directory = cache.default_directory()
    usable = not os.environ.get("INFRALINT_NO_PLUGIN_RECORD") and not cache.problem(directory)
    fingerprint = _fingerprint()
    if usable:
        found = _read(directory, fingerprint)
        if found is not None:
            return found
    found = _lookup()
    if usable:
        with contextlib.suppress(OSError):
            _write(directory, fingerprint, found)
    return found


def _lookup() -> list[EntryPoint]:
    from importlib import metadata

    points = metadata.entry_points()
    return sorted(
        {
            EntryPoint(ep.name, ep.value, group)
            for group in GROUPS
            for ep in points.select(group=group)
        },
        key=lambda ep: (ep.group, ep.name, ep.value),
    )


def _fingerprint() -> list:
    """What the installed entry points depend on (cheap: directory listings and stats)."""
    out: list = [_RECORD_FORMAT, sys.version, sys.path]
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith("-info"))
        except OSError:
            continue
        for name in names:
            try:
                info = os.stat(os.path.join(entry or ".", name, "entry_points.txt"))
            except OSError:
                continue
            out.append([entry, name, info.st_mtime_ns, info.st_size])
    return out


def _read(directory: str, fingerprint: list) -> list[EntryPoint] | None:
    from infralint.cache import read_entry

    data = read_entry(directory, _record_name(fingerprint))
    if data is None:
        return None
    try:
        record = json.loads(data)
        if record["fingerprint"] != fingerprint:
            return None
        return [EntryPoint(*(str(part) for part in ep)) for ep in record["entry_points"]]
    except (ValueError, KeyError, TypeError):
        return None


def _write(directory: str, fingerprint: list, found: list[EntryPoint]) -> None:
    from infralint.cache import prepare, write_entry

    if not os.path.isdir(os.path.dirname(os.path.abspath(directory))):
        return  # no home for caches (HOME=/nonexistent): nothing is created
    prepare(directory)
    record = {
        "fingerprint": fingerprint,
        "entry_points": [[ep.name, ep.value, ep.group] for ep in found],
    }
    name = _record_name(fingerprint)
    write_entry(directory, name, json.dumps(record).encode(), f"{name}-{os.getpid()}")


def _record_name(fingerprint: list) -> str:
    """One record per fingerprint: the ``infralint`` command, ``python -m infralint`` (which
    puts the current directory first on ``sys.path``) and each virtual environment keep their
    own instead of replacing each other's."""
    import hashlib

    digest = hashlib.sha256(json.dumps(fingerprint).encode()).hexdigest()[:20]
    return f"plugins-{digest}.json"
