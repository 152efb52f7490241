"""Masking of secret values before anything is printed."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "****"


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by its first 4 characters and
    ``****``. Secrets shorter than 12 characters keep no prefix; each line of a multi-line
    secret (a private key) is masked too, so a region showing part of it leaks nothing."""
    pieces = set()
    for secret in secrets:
        if not secret:
            continue
        pieces.add(secret)
        pieces.update(line.strip() for line in secret.splitlines() if len(line.strip()) >= 4)
    for piece in sorted(pieces, key=len, reverse=True):  # longest first: no partial masks
        text = text.replace(piece, (piece[:4] if len(piece) >= 12 else "") + MASK)
    return text


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
