"""Redaction: what may be shown of a secret (never more than its first 4 characters)."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "****"


def redact(value: str) -> str:
    """The first ``min(4, len(value) // 4)`` characters of ``value`` followed by ``****``, and
    nothing of a secret shorter than 12 characters.

    A quarter of the value at most, 4 characters at most: ``ghp_****`` for a GitHub token,
    ``hun****`` for ``hunter2hunter``, ``****`` for ``hunter2``. The mask has a fixed length so
    it does not reveal the secret's length either.
    """
    value = value or ""
    visible = min(4, len(value) // 4) if len(value) >= 12 else 0
    return value[:visible] + MASK


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``redact(secret)``; each line
    of a multi-line secret (a private key) is masked too, so an excerpt showing part of it
    leaks nothing.

    Longer pieces are replaced first so a secret containing another one is not half-masked.
    """
    pieces = set()
    for secret in secrets:
        if secret:
            pieces.add(secret)
            pieces.update(ln.strip() for ln in secret.splitlines() if len(ln.strip()) >= 4)
    for piece in sorted(pieces, key=len, reverse=True):
        if piece in text:
            text = text.replace(piece, redact(piece))
    return text
