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
