"""The one redaction every string leaving infralint passes through.

* Secrets: every secret a rule found, and every secret the text detectors see in a file that is
  quoted, is masked (``infralint.secrets.redact.redact_text``): long secrets and their prefixes
  of five characters or more wherever they appear; a short one (a weak password such as
  ``postgres``) only where it is written, so a message about the ``postgres`` image or the
  service ``gitea`` is not garbled by a password spelled the same.
* Values given from outside the scanned tree (``TF_VAR_*`` environment variables, ``--var``,
  ``--cfn-params``) are never printed: each is replaced by the name of where it came from,
  ``<value of TF_VAR_db_password>``. Values shorter than four characters (``1``, ``on``) are
  left: they cannot hide a secret, and replacing them would garble every message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from infralint.lines import split_lines
from infralint.secrets.redact import AT, LONG, MASK, at, redact_text

__all__ = ["MASK", "Redaction", "origins", "protect", "redact_text"]

SHORTEST_ORIGIN_VALUE = 4


def origins(
    environ: dict[str, str], variables: dict[str, Any], cfn_params: dict[str, Any]
) -> dict[str, str]:
    """value -> where it came from, for every value given from outside the scanned tree."""
    out: dict[str, str] = {}
    sources = (
        ((name, value, name) for name, value in environ.items()),
        ((name, value, f"--var {name}") for name, value in variables.items()),
        ((name, value, f"--cfn-params {name}") for name, value in cfn_params.items()),
    )
    for source in sources:
        for _, value, label in source:
            for text in _texts(value):
                if len(text) >= SHORTEST_ORIGIN_VALUE:
                    out.setdefault(text, f"<value of {label}>")
    return out


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return [str(value)] if value is not None else []


class Redaction:
    """``redaction(text)``: ``text`` with every value of ``origins`` named, then every secret
    masked."""

    def __init__(self, secrets: Iterable[str] = (), given: dict[str, str] | None = None):
        self.secrets = tuple(sorted(set(secrets)))
        given = given or {}
        self.given = given
        self._given = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(v) for v in sorted(given, key=len, reverse=True))
                + r")(?!\w)"
            )
            if given
            else None
        )

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._given is not None:
            text = self._given.sub(lambda m: self.given[m.group()], text)
        return redact_text(text, self.secrets)


def protect(
    findings,
    diagnostics,
    unknowns,
    text_of: Callable[[str], str | None],
    given: dict[str, str] | None = None,
) -> None:
    """Redact, in place, every finding (message, resource, attribute), diagnostic and unknown
    with every secret known: the findings' own and what the text detectors see in each file
    quoted (``text_of(path)`` gives its text, None when unknown). Each finding's ``redact``
    becomes that whole set, so its excerpt or SARIF snippet (a resource block, lines of
    context) cannot show another finding's secret either."""
    from infralint.secrets import scan_text

    unknowns = unknowns or []
    paths = {f.path for f in findings} | {d.path for d in diagnostics if d.path}
    paths |= {u.path for u in unknowns if u.path}
    secrets: set[str] = set()
    lines: dict[str, list[str]] = {}
    for path in sorted(paths):
        text = text_of(path)
        if text:
            lines[path] = split_lines(text)
            for hit in scan_text(text, path):
                secrets.add(_entry(hit.secret, lines[path], hit.line, hit.col))
    for f in findings:
        for secret in f.redact:
            if AT in secret or len(secret) >= LONG:
                secrets.add(secret)
            else:  # the rule gave the value, not its place: find it in the finding's lines
                secrets.update(_places(secret, lines.get(f.path, []), f.span))
    redaction = Redaction(secrets, given)
    everything = redaction.secrets
    for f in findings:
        f.message = redaction(f.message)
        f.resource = redaction(f.resource)
        f.attribute = redaction(f.attribute)
        if getattr(f, "suppression_reason", None):
            f.suppression_reason = redaction(f.suppression_reason)
        f.redact = everything
    for d in diagnostics:
        d.message = redaction(d.message)
    for u in unknowns:
        u.reason = redaction(u.reason)
        if u.expr:
            u.expr = redaction(u.expr)


def _entry(secret: str, lines: list[str], line: int, col: int) -> str:
    """The redaction entry of a secret found at (line, col): the secret itself when it is long
    enough to be masked anywhere, else tied to the text before it on its line."""
    if len(secret) >= LONG or not 0 < line <= len(lines):
        return secret
    context = lines[line - 1][: col - 1].lstrip()
    return at(context, secret) if context else secret


def _places(secret: str, lines: list[str], span: Any) -> list[str]:
    """Redaction entries of a short ``secret`` at each place it is written within ``span``
    (the secret itself, masked where it stands alone, when it is not found there)."""
    out = []
    first, last = (span.line, max(span.end_line, span.line)) if span else (0, -1)
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        text = lines[number - 1]
        i = text.find(secret)
        while i != -1:
            out.append(_entry(secret, lines, number, i + 1))
            i = text.find(secret, i + 1)
    return out or [secret]
