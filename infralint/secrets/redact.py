"""Redaction: what may be shown of a secret (never more than its first 4 characters)."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "****"


def redact(value: str) -> str:
    """The first ``min(4, len(value) // 4)`` characters of ``value`` followed by ``****``.

    A quarter of the value at most, 4 characters at most: ``ghp_****`` for a GitHub token,
    ``hu****`` for ``hunter2hunter``, ``****`` for ``hunter2``. The mask has a fixed length so
    it does not reveal the secret's length either.
    """
    value = value or ""
    visible = min(4, len(value) // 4)
    return value[:visible] + MASK


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``redact(secret)``.

    Longer secrets are replaced first so a secret containing another one is not half-masked.
    """
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, redact(secret))
    return text
