"""infralint's own reports (SARIF, JSON, baseline) found in a scanned tree.

``infralint scan . -o report.sarif`` writes into the tree it scans; the next scan must not
report what the first one quoted (rule help, masked snippets). A file is one of ours only when
its JSON has our report's shape, so a file that merely mentions infralint is still scanned.
"""

from __future__ import annotations

import json
from typing import Any

_SUFFIXES = (".json", ".sarif")
_MARKS = ('"findings"', '"runs"')


def is_own_report(path: str, text: str) -> bool:
    """Whether ``text`` (the file at ``path``) is a report or baseline infralint wrote."""
    if not path.lower().endswith(_SUFFIXES) or not any(m in text[:65536] for m in _MARKS):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and (_sarif(data) or _json_report(data) or _baseline(data))


_SARIF_KEYS = {"$schema", "version", "runs"}
_RUN_KEYS = {"tool", "invocations", "originalUriBaseIds", "columnKind", "results", "properties"}


def _sarif(data: dict) -> bool:
    """A log as ``infralint.report.sarif`` writes it: its keys and no others."""
    runs = data.get("runs")
    return (
        set(data) <= _SARIF_KEYS
        and isinstance(runs, list)
        and len(runs) == 1
        and isinstance(runs[0], dict)
        and set(runs[0]) <= _RUN_KEYS
        and _get(runs[0], "tool", "driver", "name") == "infralint"
    )


def _json_report(data: dict) -> bool:
    return set(data) in (
        {"version", "findings", "diagnostics", "summary"},
        {"version", "findings", "diagnostics", "summary", "unknowns"},
    ) and isinstance(data["findings"], list)


def _baseline(data: dict) -> bool:
    entries = data.get("findings")
    return (
        set(data) == {"version", "tool_version", "findings"}
        and isinstance(entries, list)
        and all(isinstance(e, dict) and "fingerprint" in e for e in entries)
    )


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
