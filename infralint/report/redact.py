"""Masking of secret values before anything is printed."""

from __future__ import annotations

from infralint.secrets.redact import MASK, redact_text

__all__ = ["MASK", "protect", "redact_text"]


def protect(findings, diagnostics, unknowns, text_of) -> None:
    """Widen redaction to every secret known in a file, in place.

    A finding carries the secrets its own rule found; but its excerpt or SARIF snippet (a
    resource block, three lines of context) can show another attribute's secret, and a parse
    error or an unknown expression can quote one. Every finding, diagnostic and unknown of a
    file is masked with all the secrets found in that file: the findings' own, and what the
    text detectors see in the file (``text_of(path)`` gives its text, None when unknown)."""
    from infralint.secrets import scan_text

    paths = {f.path for f in findings} | {d.path for d in diagnostics if d.path}
    paths |= {u.path for u in unknowns or () if u.path}
    known: dict[str, set[str]] = {path: set() for path in paths}
    for f in findings:
        known[f.path].update(f.redact)
    for path, secrets in known.items():
        text = text_of(path)
        if text:
            secrets.update(hit.secret for hit in scan_text(text, path))
    for f in findings:
        if known[f.path] - set(f.redact):
            f.redact = tuple(sorted(known[f.path] | set(f.redact)))
    for d in diagnostics:
        if known.get(d.path):
            d.message = redact_text(d.message, known[d.path])
    for u in unknowns or ():
        if known.get(u.path) and u.expr:
            u.expr = redact_text(u.expr, known[u.path])
