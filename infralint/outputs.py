"""Where each report of a scan goes, and which findings it shows.

One scan can write several formats: ``--format sarif --output x.sarif --format text`` (the n-th
``--output`` belongs to the n-th ``--format``; a format without one goes to standard output) or
``--output-format FORMAT=PATH`` (``-`` is standard output).
"""

from __future__ import annotations

import os

import click

from infralint.model import Severity
from infralint.report import FORMATS

STDOUT = "-"


def destinations(
    formats: tuple[str, ...], outputs: tuple[str, ...], pairs: tuple[str, ...]
) -> list[tuple[str, str | None]]:
    """(format, file or None for standard output) for every report to write."""
    if len(outputs) > max(len(formats), 1):
        raise click.UsageError("more --output than --format: each --output follows its --format")
    planned: list[tuple[str, str | None]] = [
        (fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(formats)
    ]
    if not formats and (outputs or not pairs):
        planned.append(("text", outputs[0] if outputs else None))
    planned.extend(_pair(pair) for pair in pairs)
    targets = [path or STDOUT for _, path in planned]
    if targets.count(STDOUT) > 1:
        raise click.UsageError(
            "only one report can go to standard output: give the others --output"
        )
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    if repeated:
        raise click.UsageError(f"two reports would be written to {repeated[0]}")
    return planned


def _pair(text: str) -> tuple[str, str | None]:
    fmt, sep, path = text.partition("=")
    if not sep or not path:
        raise click.BadParameter(f"{text!r} is not FORMAT=PATH", param_hint="--output-format")
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        raise click.BadParameter(
            f"unknown format {fmt!r} (one of {choices})", param_hint="--output-format"
        )
    return fmt, None if path == STDOUT else path


def severities(exact: tuple[str, ...], minimum: str | None) -> set[Severity] | None:
    """The severities ``--severity`` (a list, comma-separated or repeated) and
    ``--min-severity`` keep; None keeps all."""
    if not exact and minimum is None:
        return None
    keep = set(Severity)
    if exact:
        try:
            keep = {Severity.parse(s) for item in exact for s in item.split(",") if s.strip()}
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--severity") from None
    if minimum is not None:
        keep = {s for s in keep if s >= Severity.parse(minimum)}
    return keep


def write(text: str, path: str | None, color: bool) -> None:
    if path is None:
        click.echo(text, nl=False, color=color)  # click would strip forced colour
        return
    write_whole(path, text)


def write_whole(path: str, text: str, newline: str | None = None) -> None:
    """Write ``path`` whole or not at all: the text goes to a temporary file beside it that
    replaces it once complete (an interrupted run leaves no partial report)."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".infralint-", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, _mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _mode(path: str) -> int:
    """The permissions the file would get written in place: its own, or the umask's."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
