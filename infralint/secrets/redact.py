"""Redaction: what may be shown of a secret (never more than its first 4 characters)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

MASK = "****"
LONG = 12  # a secret this long is masked wherever it (or a prefix of it) appears
PREFIX = 5  # the shortest prefix of a long secret that is masked
# A short secret (a weak password such as "gitea") is masked only where it stands alone: an
# occurrence inside a name ("services.gitea", "gitea-db") is another word that happens to be
# spelled the same, and masking it would point at the secret instead of hiding it.
_NAME_CHAR = re.compile(r"[\w.\-]")


def redact(value: str) -> str:
    """The first ``min(4, len(value) // 4)`` characters of ``value`` followed by ``****``, and
    nothing of a secret shorter than 12 characters.

    A quarter of the value at most, 4 characters at most: ``ghp_****`` for a GitHub token,
    ``hun****`` for ``hunter2hunter``, ``****`` for ``hunter2``. The mask has a fixed length so
    it does not reveal the secret's length either.
    """
    value = value or ""
    visible = min(4, len(value) // 4) if len(value) >= LONG else 0
    return value[:visible] + MASK


@functools.lru_cache(maxsize=64)
def pieces(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """The strings to mask for ``secrets``, longest first: each secret, and each line of a
    multi-line secret (a private key), so an excerpt showing part of it leaks nothing. (Every
    finding of a scan carries the same secrets: they are worked out once.)"""
    out = set()
    for secret in secrets:
        if secret:
            out.add(secret)
            if AT not in secret:
                out.update(ln.strip() for ln in secret.split("\n") if len(ln.strip()) >= 4)
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


AT = "\x00"  # "<context>\x00<secret>": a short secret masked only where it was written


def at(context: str, secret: str) -> str:
    """The redaction entry for a short ``secret`` written right after ``context`` (the text
    before it on its line): only that occurrence is masked, not the same word elsewhere."""
    return f"{context}{AT}{secret}"


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret replaced by ``redact(secret)``: a secret of 12 characters or
    more wherever it appears, and so is any prefix of it longer than four characters (a parse
    error quoting 39 of a key's 40 characters); a shorter one where it was written (``at``),
    or, given without its place, where it stands alone (not inside a longer name). Longer
    secrets are replaced first."""
    for piece in pieces(tuple(secrets)):
        if AT in piece:
            context, _, secret = piece.partition(AT)
            if context + secret in text:
                text = _mask_alone(text, secret, context)
        elif len(piece) >= LONG:
            text = _mask_prefixes(text, piece) if piece[:PREFIX] in text else text
        elif piece in text:
            text = _mask_alone(text, piece)
    return text


def _mask_prefixes(text: str, secret: str) -> str:
    out: list[str] = []
    head, pos = secret[:PREFIX], 0
    i = text.find(head)
    while i != -1:
        k = PREFIX
        while k < len(secret) and i + k < len(text) and text[i + k] == secret[k]:
            k += 1
        out.append(text[pos:i])
        out.append(redact(secret))
        pos = i + k
        i = text.find(head, pos)
    out.append(text[pos:])
    return "".join(out)


def _mask_alone(text: str, secret: str, context: str = "") -> str:
    """``secret`` masked where it follows ``context`` (anywhere when empty) and is not part
    of a longer name."""
    out: list[str] = []
    pos = 0
    whole = context + secret
    i = text.find(whole)
    while i != -1:
        start, end = i + len(context), i + len(whole)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _NAME_CHAR.match(after) or (not context and _NAME_CHAR.match(before)):
            i = text.find(whole, i + 1)
            continue
        out.append(text[pos:start])
        out.append(redact(secret))
        pos = end
        i = text.find(whole, pos)
    out.append(text[pos:])
    return "".join(out)
