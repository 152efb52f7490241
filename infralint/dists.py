"""What is installed: entry points and versions, read from the distributions' metadata
directories (``*.dist-info``, ``*.egg-info``) on ``sys.path``.

This is what ``importlib.metadata`` answers, for the two questions infralint asks on every run;
importing ``importlib.metadata`` costs more than a whole small scan (it pulls in ``email``,
``zipfile`` and ``csv``). As there, the first distribution of a name on ``sys.path`` wins.
"""

from __future__ import annotations

import os
import re
import sys

_DISTS: list[dict[str, str]] = []


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _distributions() -> dict[str, str]:
    """Normalized distribution name → its metadata directory, first on ``sys.path`` first."""
    if _DISTS:
        return _DISTS[0]
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                dist = _normalize(name.rsplit(".", 1)[0].split("-", 1)[0])
                found.setdefault(dist, os.path.join(folder or ".", name))
    _DISTS.append(found)
    return found


def _read(directory: str, name: str) -> str:
    try:
        with open(os.path.join(directory, name), encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return ""


def entry_points(group: str) -> list[tuple[str, str]]:
    """``(name, value)`` of every entry point registered under ``group``."""
    out: list[tuple[str, str]] = []
    for directory in _distributions().values():
        section = None
        for raw in _read(directory, "entry_points.txt").splitlines():
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
            elif section == group and "=" in line:
                name, value = line.split("=", 1)
                out.append((name.strip(), value.strip()))
    return out


def version(distribution: str) -> str | None:
    """The installed version of ``distribution`` (None when it is not installed)."""
    directory = _distributions().get(_normalize(distribution))
    if directory is None:
        return None
    for name in ("METADATA", "PKG-INFO"):
        for line in _read(directory, name).splitlines():
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
            if not line:  # the headers end at the first blank line
                break
    return None


def load(value: str) -> object:
    """The object an entry point's value names: ``module`` or ``module:attribute.path``."""
    import importlib

    module_name, _, attribute = value.partition(":")
    obj: object = importlib.import_module(module_name.strip())
    for part in attribute.split("[", 1)[0].strip().split(".") if attribute else ():
        obj = getattr(obj, part)
    return obj
