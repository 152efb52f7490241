"""The stable identity of a finding.

A fingerprint is the SHA-256 (hex) of the rule id, the file path, the resource address and the
attribute path, joined by NUL bytes. Line numbers are left out, so a finding keeps its
fingerprint when code above it moves; messages are left out, so no secret value can leak into
a baseline or a SARIF upload. SARIF fingerprints and baselines both use this function.
"""

from __future__ import annotations

import hashlib

from infralint.model import Finding


def fingerprint(f: Finding) -> str:
    """SHA-256 hex of ``rule_id``, ``path``, ``resource`` and ``attribute``, NUL-separated."""
    material = "\0".join((f.rule_id, f.path, f.resource, f.attribute))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
