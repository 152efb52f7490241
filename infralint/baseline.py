"""Baselines: adopt infralint on an existing code base by recording today's findings, then
report only new ones.

A baseline file is JSON::

    {
      "version": 1,
      "tool_version": "0.1.0",
      "findings": [
        {"fingerprint": "<sha256 hex>", "rule_id": "IL101", "path": "db/main.tf",
         "resource": "aws_db_instance.main", "attribute": "publicly_accessible", "line": 3}
      ]
    }

Findings are matched by fingerprint (``infralint.fingerprint``: rule, file, resource and
attribute, no line numbers), so a recorded finding stays known when code moves. ``path`` is
the file's path inside the repository (the scan root outside git), so a baseline works the same
whichever directory the scan starts from. An entry's fingerprint must be the one its readable
``rule_id``, ``path``, ``resource`` and ``attribute`` give: an entry that reads "IL403
legacy.tf" cannot silence IL101 in ``main.tf``. ``line`` is there for people reading the file
and is not used for matching. Messages and snippets are never written: a baseline is
committed, and a message may quote a secret.

The same fingerprint may be recorded several times (two identical findings in one resource);
``load`` returns a ``collections.Counter`` and ``filter_new`` drops at most as many findings
per fingerprint as the baseline holds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from infralint.escape import json_safe
from infralint.fingerprint import digest, fingerprint
from infralint.model import Finding
from infralint.outputs import write_whole

FORMAT_VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def write(
    findings: list[Finding], path: str, version: str, key: Callable[[str], str] = str
) -> None:
    """Record ``findings`` (all of those given: pass the unsuppressed ones) in ``path``;
    ``key`` gives a finding's path inside the repository (``infralint.paths.keyed``).

    The output is sorted and stable, so re-running on unchanged code gives the same bytes."""
    entries = [
        {
            "fingerprint": fingerprint(f, key(f.path)),
            "rule_id": f.rule_id,
            "path": key(f.path),
            "resource": f.resource,
            "attribute": f.attribute,
            "line": f.span.line,
        }
        for f in findings
    ]
    entries.sort(
        key=lambda e: (
            e["path"],
            e["rule_id"],
            e["resource"],
            e["attribute"],
            e["line"],
            e["fingerprint"],
        )
    )
    data = {"version": FORMAT_VERSION, "tool_version": version, "findings": entries}
    text = json_safe(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
    write_whole(path, text, newline="\n")  # readers never see a half-written baseline


def load(path: str) -> Counter[str]:
    """The fingerprints recorded in ``path``, with how often each was recorded.

    Raises ``ValueError`` naming the file when it is missing, unreadable or not a baseline."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ValueError(f"baseline file {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"baseline file {path} cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"baseline file {path} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict) or "findings" not in data:
        raise ValueError(
            f"baseline file {path} is not an infralint baseline "
            "(expected an object with 'version' and 'findings')"
        )
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"baseline file {path} has version {data.get('version')!r}; this "
            f"infralint reads version {FORMAT_VERSION} (write it again)"
        )
    entries = data["findings"]
    if not isinstance(entries, list):
        raise ValueError(f"baseline file {path}: 'findings' must be a list")
    known: Counter[str] = Counter()
    for i, entry in enumerate(entries):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not _HEX64.match(value):
            raise ValueError(
                f"baseline file {path}: findings[{i}] has no valid 'fingerprint' "
                "(64 lower-case hex digits)"
            )
        if value != _recomputed(entry):
            raise ValueError(
                f"baseline file {path}: findings[{i}] has a fingerprint that does not match "
                "its rule_id, path, resource and attribute (write the baseline again)"
            )
        known[value] += 1
    return known


def _recomputed(entry: dict) -> str:
    fields = [entry.get(k) for k in ("rule_id", "path", "resource", "attribute")]
    return digest(*fields) if all(isinstance(v, str) for v in fields) else ""


def filter_new(
    findings: list[Finding],
    known: Counter[str] | Iterable[str],
    key: Callable[[str], str] = str,
) -> list[Finding]:
    """The findings the baseline does not account for, in their original order; ``key``
    gives a finding's path inside the repository.

    Each recorded fingerprint accounts for one finding: with a fingerprint recorded twice and
    three findings carrying it, one remains (the last in source order). A plain set counts
    each fingerprint once."""
    budget = Counter(known) if not isinstance(known, Counter) else known.copy()
    dropped: set[int] = set()
    for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
        fp = fingerprint(findings[index], key(findings[index].path))
        if budget[fp] > 0:
            budget[fp] -= 1
            dropped.add(index)
    return [f for i, f in enumerate(findings) if i not in dropped]
