"""The stable identity of a finding.

A fingerprint is the SHA-256 (hex) of the rule id, the file path, the resource address and the
attribute path, joined by NUL bytes. Line numbers are left out, so a finding keeps its
fingerprint when code above it moves; messages are left out, so no secret value can leak into
a baseline or a SARIF upload. SARIF fingerprints and baselines both use this function.
"""

from __future__ import annotations

import hashlib

from infralint.model import Finding


def fingerprint(f: Finding, path: str | None = None) -> str:
    """SHA-256 hex of ``rule_id``, ``path``, ``resource`` and ``attribute``, NUL-separated.
    ``path`` replaces the finding's own (callers key it on the path inside the repository)."""
    return digest(f.rule_id, f.path if path is None else path, f.resource, f.attribute)


def digest(rule_id: str, path: str, resource: str, attribute: str) -> str:
    material = "\0".join((rule_id, path, resource, attribute))
    # a name that is not UTF-8 counts by its bytes (see infralint.escape)
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()
