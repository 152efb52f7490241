"""Dockerfiles (and Containerfiles): a small parser of our own, following BuildKit's.

Why not a library. Measured on hand-written cases and on 308 Dockerfiles of public projects:
``dockerfile-parse`` (pure Python, 25 ms to import) reads every line of a heredoc body as an
instruction (``RUN <<EOF`` / ``echo USER root`` / ``EOF`` become RUN, ECHO and EOF
instructions, so a USER written in a script would change who the image runs as), splits an
instruction in two at a blank line inside its continuation lines, and drops a continued last
line. ``dockerfile`` (bindings to BuildKit's own parser, a 4.3 MB Go extension, 3 ms to
import) reads all of these right, but reports only each instruction's first and last line: not
the line of the ``ENV`` pair or the heredoc line a finding is about, and no columns; it also
hides heredoc bodies in the raw text. This module follows BuildKit's rules (parser directives,
the escape character, comment and blank lines inside continuations, heredocs on RUN, COPY and
ADD, flags, JSON and shell forms) and keeps, for every character of an instruction, the line
and column it was written at. ``bench/dockerfile_parsers.py`` checks it against BuildKit's
parser (same instructions, same first and last lines) over a corpus.

Only the structure is read here: words are split and unquoted, variables are left as written
(``infralint.facts.dockerfile`` substitutes ``ARG``/``ENV`` values where it needs them).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import cache

from infralint.model import Span
from infralint.parse import ParseError

HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_HEREDOC = re.compile(r"^(\d*)<<(-?)([^<]*)$")


class DockerfileError(ParseError):
    """A Dockerfile that BuildKit would refuse (an unterminated heredoc, a bad directive)."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word of an instruction's arguments, unquoted; ``start``/``end`` are its offsets in
    the instruction's ``text`` (``Instruction.span_of`` says where it is written)."""

    text: str
    raw: str  # as written (quotes and escapes kept)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heredoc:
    name: str
    body: str  # the lines between the instruction and the terminator (leading tabs removed
    # for ``<<-``), each ending in a newline
    span: Span  # the body's first line to the terminator's line
    chomp: bool = False
    written: str = ""  # the body as written (tabs kept): its columns are the file's


@dataclass(slots=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY...
    span: Span  # first line (the keyword) to the last (continuations and heredocs included)
    text: str  # the arguments, continuation lines joined, flags included
    flags: list[Word] = field(default_factory=list)  # ``--name=value`` words before the rest
    rest: str = ""  # the arguments after the flags
    words: list[Word] = field(default_factory=list)  # ``rest`` split into words (or the JSON
    # array's items, each at the whole array)
    exec_form: bool = False  # written as a JSON array (``CMD ["python", "app.py"]``)
    heredocs: list[Heredoc] = field(default_factory=list)
    positions: _Positions | None = None  # where each character of ``text`` is written

    def options(self) -> list[tuple[str, str]]:
        """The flags as (lower-case name, value) pairs (value "" for ``--link``)."""
        out = []
        for word in self.flags:
            key, _, value = word.text[2:].partition("=")
            out.append((key.lower(), value))
        return out

    def flag_value(self, name: str) -> str | None:
        """The value of the first flag ``--name``, or None."""
        return next((value for key, value in self.options() if key == name), None)

    def span_of(self, start: int, end: int) -> Span:
        """Where ``text[start:end]`` is written."""
        assert self.positions is not None
        return self.positions.span(start, end)

    def word_span(self, word: Word) -> Span:
        return self.span_of(word.start, word.end)


@dataclass(slots=True)
class Dockerfile:
    path: str
    instructions: list[Instruction]
    escape: str = "\\"
    directives: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Positions:
    """Maps an offset in an instruction's joined text to the line and column it came from."""

    __slots__ = ("starts", "places")

    def __init__(self) -> None:
        self.starts: list[int] = []  # offset in the joined text where each piece starts
        self.places: list[tuple[int, int]] = []  # (line, column) of each piece's first char

    def add(self, offset: int, line: int, col: int) -> None:
        self.starts.append(offset)
        self.places.append((line, col))

    def at(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        line, col = self.places[i]
        return line, col + offset - self.starts[i]

    def span(self, start: int, end: int) -> Span:
        line, col = self.at(start)
        end_line, end_col = self.at(max(end - 1, start))
        return Span(line, end_line, col, end_col + 1)


def parse(text: str, path: str = "") -> Dockerfile:
    """The instructions of a Dockerfile; raises ``DockerfileError`` where BuildKit would."""
    lines = text.split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    doc = Dockerfile(path, [])
    index = _directives(lines, doc)
    continuation = re.compile(re.escape(doc.escape) + r"[ \t]*$")
    while index < len(lines):
        index = _instruction(lines, index, continuation, doc)
    return doc


def _directives(lines: list[str], doc: Dockerfile) -> int:
    """Read the parser directives at the top (``# syntax=``, ``# escape=``); the index of the
    first line after them."""
    index = 0
    seen: set[str] = set()
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].strip())
        if not match:
            break
        name, value = match.group(1).lower(), match.group(2)
        if name in seen:
            raise DockerfileError(f"only one {name} parser directive can be used", index + 1)
        seen.add(name)
        doc.directives[name] = value
        if name == "escape":
            if value not in ("\\", "`"):
                raise DockerfileError(f"invalid escape token {value!r}", index + 1)
            doc.escape = value
        index += 1
    return index


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _instruction(lines: list[str], index: int, continuation: re.Pattern, doc: Dockerfile) -> int:
    """Read the instruction starting at ``lines[index]`` (skipping blank and comment lines);
    the index of the line after it."""
    raw = lines[index]
    index += 1
    if _is_comment(raw) or not raw.strip():
        return index
    first = index
    stripped = raw.lstrip()
    col = len(raw) - len(stripped) + 1
    positions = _Positions()
    positions.add(0, first, col)
    piece, ended = _trim(stripped, continuation)
    pieces, length = [piece], len(piece)
    last, last_raw = first, raw
    while not ended and index < len(lines):
        raw = lines[index]
        index += 1
        if _is_comment(raw) or not raw.strip():
            continue  # comments and blank lines inside continuations are skipped
        last, last_raw = index, raw
        positions.add(length, index, 1)
        piece, ended = _trim(raw, continuation)
        pieces.append(piece)
        length += len(piece)
    joined = "".join(pieces)
    parts = joined.strip().split(None, 1)
    if not parts:  # only an escape character, continued by nothing
        return index
    keyword = parts[0].upper()
    args = parts[1] if len(parts) > 1 else ""
    offset = joined.find(args, len(parts[0])) if args else len(joined)
    span = Span(first, last, col, len(last_raw.rstrip()) + 1)
    instruction = Instruction(keyword, span, args, positions=_Shifted(positions, offset))
    if "<<" in args and _heredoc_keyword(keyword, args):
        index = _heredocs(lines, index, instruction)
    _arguments(instruction, doc.escape)
    doc.instructions.append(instruction)
    return index


def _heredoc_keyword(keyword: str, args: str) -> bool:
    """RUN, COPY and ADD take heredocs, also as an ONBUILD trigger."""
    if keyword == "ONBUILD":
        keyword = args.split(None, 1)[0].upper()
    return keyword in HEREDOC_KEYWORDS


class _Shifted(_Positions):
    """Positions of the arguments: offsets counted from the first character after the
    keyword."""

    __slots__ = ()

    def __init__(self, base: _Positions, shift: int) -> None:
        super().__init__()
        self.starts = [s - shift for s in base.starts]
        self.places = base.places


def _trim(line: str, continuation: re.Pattern) -> tuple[str, bool]:
    """The line without its continuation character, and whether the instruction ends here."""
    match = continuation.search(line)
    if match is None:
        return line, True
    return line[: match.start()], False


def _heredocs(lines: list[str], index: int, instruction: Instruction) -> int:
    """Read the bodies of the heredocs the instruction opens; the index after the last."""
    for word in _split(instruction.text, "\\", raw_quotes=True):
        match = _HEREDOC.match(word.raw)
        if not match or not match.group(3):
            continue
        name = match.group(3).strip()
        if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
            name = name[1:-1]
        if not name:
            continue
        chomp = match.group(2) == "-"
        start = index + 1
        body: list[str] = []
        written: list[str] = []
        while True:
            if index >= len(lines):
                raise DockerfileError(f"unterminated heredoc {name}", instruction.span.line)
            raw = lines[index]
            index += 1
            candidate = raw.lstrip("\t") if chomp else raw
            if candidate == name:
                break
            body.append(candidate + "\n")
            written.append(raw + "\n")
        span = Span(start, index, 1, len(raw) + 1)
        heredoc = Heredoc(name, "".join(body), span, chomp, "".join(written))
        instruction.heredocs.append(heredoc)
        first = instruction.span
        instruction.span = Span(first.line, index, first.col, len(raw) + 1)
    return index


def _arguments(instruction: Instruction, escape: str) -> None:
    """Flags, the rest of the arguments and their words."""
    text = instruction.text
    words = _split(text, escape)
    count = 0
    while count < len(words) and words[count].raw.startswith("--") and words[count].raw != "--":
        count += 1
    instruction.flags = words[:count]
    start = words[count - 1].end if count else 0
    rest = text[start:].lstrip()
    offset = len(text) - len(rest)
    instruction.rest = rest
    array = _json_array(rest)
    if array is not None and instruction.keyword not in ("ENV", "ARG", "LABEL", "USER"):
        instruction.exec_form = True
        instruction.words = [Word(item, item, offset, len(text)) for item in array]
        return
    instruction.words = words[count:]


def _json_array(text: str) -> list[str] | None:
    if not (text.startswith("[") and text.rstrip().endswith("]")):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # not JSON: the shell form
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


@cache
def _word_pattern(escape: str) -> re.Pattern:
    """A word: quoted strings, escaped characters and other non-blank characters, in any
    order (an unterminated quote runs to the end). Each alternative starts with its own
    character, so matching is linear."""
    e = re.escape(escape)
    return re.compile(
        rf"(?:\"(?:[^\"{e}]|{e}.)*(?:\"|$)|'[^']*(?:'|$)|{e}.|{e}$|[^\s\"'{e}])+", re.S
    )


@cache
def _unquote_pattern(escape: str) -> re.Pattern:
    e = re.escape(escape)
    return re.compile(rf"\"((?:[^\"{e}]|{e}.)*)\"?|'([^']*)'?|{e}(.)", re.S)


@cache
def _escaped_pattern(escape: str) -> re.Pattern:
    return re.compile(rf"{re.escape(escape)}(.)", re.S)


def _split(text: str, escape: str, raw_quotes: bool = False) -> list[Word]:
    """Whitespace-separated words with their offsets, quotes removed (kept in ``raw``) and
    escapes applied (outside single quotes)."""
    unquote = _unquote_pattern(escape)
    inner = _escaped_pattern(escape)

    def plain(match: re.Match) -> str:
        if match.group(1) is not None:
            return inner.sub(r"\1", match.group(1))
        if match.group(2) is not None:
            return match.group(2)
        return match.group(3)

    out = []
    for match in _word_pattern(escape).finditer(text):
        raw = match.group(0)
        value = raw if raw_quotes else unquote.sub(plain, raw)
        out.append(Word(value, raw, match.start(), match.end()))
    return out


def pairs(instruction: Instruction) -> list[tuple[str, str | None, Span]]:
    """``ENV``/``ARG``/``LABEL`` as (name, value, span) pairs: ``KEY=value`` words, or the
    legacy ``ENV KEY value with spaces`` form. An ``ARG`` without a default has value None."""
    words = instruction.words
    if not words:
        return []
    if "=" not in words[0].text and instruction.keyword != "ARG":
        first, last = words[0], words[-1]
        value = " ".join(w.text for w in words[1:])
        return [(first.text, value, instruction.span_of(first.start, last.end))]
    out: list[tuple[str, str | None, Span]] = []
    for word in words:
        name, sep, value = word.text.partition("=")
        out.append((name, value if sep else None, instruction.word_span(word)))
    return out
