"""``scan_text``: every detector over one file's text.

Speed comes from gating: each provider regex runs only when one of its literal substrings
occurs in the file, and the assignment parser only visits lines holding one of a few keywords
(found with ``str.find`` on the lowered text). Line numbers are computed only for hits.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from infralint.secrets import patterns as P
from infralint.secrets.hit import Hit
from infralint.secrets.words import (
    entropy,
    is_default_password,
    is_placeholder,
    is_reference,
    is_secret_name,
    looks_secret,
)

# Provider detectors win over the generic ones when they report the same text.
_GENERIC = frozenset({"generic-secret-assignment", "url-credentials"})
_SEVERITY_RANK = {"critical": 3, "high": 2, "medium": 1, "low": 0}

# --------------------------------------------------------------------------- positions


class _Lines:
    """Offset -> (line, col), both 1-based. Counts newlines for the first few lookups and
    builds a full index only when a file has many hits."""

    __slots__ = ("text", "starts", "lookups")

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None
        self.lookups = 0

    def pos(self, offset: int) -> tuple[int, int]:
        self.lookups += 1
        if self.starts is None and self.lookups > 16:
            self.starts = [0]
            self.starts.extend(m.end() for m in re.finditer("\n", self.text))
        if self.starts is not None:
            line = bisect_right(self.starts, offset)
            return line, offset - self.starts[line - 1] + 1
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def hit(self, detector: str, start: int, end: int, severity: str, description: str) -> Hit:
        line, col = self.pos(start)
        end_line, end_col = self.pos(end)
        return Hit(
            detector, line, col, end_line, end_col, self.text[start:end], severity, description
        )


# --------------------------------------------------------------------------- providers


def _scan_tokens(text: str, lines: _Lines, hits: list[Hit]) -> None:
    for pat in P.TOKEN_PATTERNS:
        if not any(g in text for g in pat.gates):
            continue
        for m in pat.regex.finditer(text):
            token = m.group()
            if not pat.valid(token):
                continue
            sev = pat.severity(token) if callable(pat.severity) else pat.severity
            desc = pat.description(token) if callable(pat.description) else pat.description
            hits.append(lines.hit(pat.detector, m.start(), m.end(), sev, desc))


_KEY_LABELS = {"OPENSSH": "OpenSSH", "ENCRYPTED": "Encrypted", "SSH2": "SSH2"}
_ESCAPES = re.compile(r"\\[nrt]")


def _scan_private_keys(text: str, lines: _Lines, hits: list[Hit]) -> None:
    if P.PRIVATE_KEY_GATE not in text:
        return
    for m in P.PRIVATE_KEY_BEGIN.finditer(text):
        label = m.group(1)
        end_marker = f"-----END {label}-----"
        stop = text.find(end_marker, m.end(), m.end() + 65536)
        if stop == -1:  # truncated block: the material runs up to the next marker or 8 KiB
            nxt = text.find("-----", m.end(), m.end() + 8192)
            stop = nxt if nxt != -1 else min(len(text), m.end() + 8192)
            end = len(text[:stop].rstrip())
        else:
            end = stop + len(end_marker)
        body = _ESCAPES.sub("\n", text[m.end() : stop])
        if not _key_body_follows(body):
            continue  # the marker named in prose: "a file starting with -----BEGIN ... KEY-----"
        material = "".join(
            line
            for line in body.splitlines()
            if ":" not in line  # skip Proc-Type headers
        )
        material = "".join(P.PRIVATE_KEY_MATERIAL.findall(material))
        if len(material) < 64 or entropy(material) < 4.0:
            continue  # "...", "<key here>", an empty template
        kind = label.split("PRIVATE")[0].split()
        desc = " ".join([_KEY_LABELS.get(w, w) for w in kind] + ["private key"])
        if label.endswith("BLOCK"):
            desc += " block"
        hits.append(
            lines.hit("private-key", m.start(), end, "critical", desc[0].upper() + desc[1:])
        )


_KEY_LINE = re.compile(r"[A-Za-z0-9+/=]{16,}")
_QUOTING = "\"'`,+;\\ \t"


def _key_body_follows(body: str) -> bool:
    """Whether key material starts the block: its first line of text (headers and the quoting
    of a string split over lines left aside) is base64."""
    for line in body.splitlines():
        line = line.strip(_QUOTING)
        if line and ":" not in line:
            return bool(_KEY_LINE.fullmatch(line))
    return False


def _scan_urls(text: str, lines: _Lines, hits: list[Hit]) -> None:
    if "://" not in text or "@" not in text:
        return
    i = text.find("://")
    while i != -1:
        scheme = P.URL_SCHEME.search(text, max(0, i - 31), i)
        m = P.URL_USERINFO.match(text, i + 3) if scheme else None
        if m:
            password = m.group("password")
            host = P.URL_HOST.match(text, m.end())
            if host and _example_host(host.group()):
                pass
            elif is_default_password(password):
                hits.append(
                    lines.hit(
                        "url-credentials",
                        m.start("password"),
                        m.end("password"),
                        "low",
                        f"Well-known default password in a {scheme.group().lower()} URL "
                        "(weak, and still a credential)",
                    )
                )
            elif _real_password(password):
                hits.append(
                    lines.hit(
                        "url-credentials",
                        m.start("password"),
                        m.end("password"),
                        "high",
                        f"Password in a {scheme.group().lower()} URL",
                    )
                )
        i = text.find("://", i + 3)


_PLACEHOLDER_HOSTS = frozenset({"host", "hostname", "server", "domain", "your-host", "yourhost"})


def _example_host(host: str) -> bool:
    """Documentation hosts (RFC 2606): example.com/.net/.org, *.example, *.test, *.invalid;
    and the words documentation writes for a host (``user:password@host:port``)."""
    host = host.lower().rstrip(".")
    if host in _PLACEHOLDER_HOSTS:  # scheme://user:password@host:port/db
        return True
    return host.endswith((".example", ".test", ".invalid")) or any(
        host == d or host.endswith("." + d) for d in ("example.com", "example.net", "example.org")
    )


def _real_password(value: str) -> bool:
    return not (
        len(value) < 4
        or is_placeholder(value)
        or is_reference(value)
        or value.startswith("$")
        or set(value) <= {"*", "x", "X", "."}
    )


def _scan_aws_pairs(text: str, lines: _Lines, hits: list[Hit]) -> None:
    """A 40-char secret access key within 5 lines of a (non-example) access key id."""
    if not any(g in text for g in P.TOKEN_PATTERNS[0].gates):
        return
    for key in P.AWS_KEY_ID.finditer(text):
        if not P.aws_key_id_ok(key.group()):
            continue
        start, end = key.start(), key.end()
        for _ in range(6):
            start = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
        for _ in range(6):
            nxt = text.find("\n", end)
            end = len(text) if nxt == -1 else nxt + 1
        for m in P.AWS_SECRET.finditer(text, start, end):
            if P.aws_secret_ok(m.group()):
                hits.append(
                    lines.hit(
                        "aws-secret-access-key",
                        m.start(),
                        m.end(),
                        "critical",
                        "AWS secret access key",
                    )
                )


# --------------------------------------------------------------------------- assignments

_KEYWORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")
_ASSIGN = re.compile(
    r"""(?<![\w.])(?P<name>[A-Za-z_][\w.\-]{0,80})["']?[ \t]*"""
    r"""(?:=>|:=|=(?![=~>])|:(?=[ \t"']|$))[ \t]*"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'`,;(){}\[\]<>]+))""",
    re.MULTILINE,
)
_VALUE = re.compile(
    r"""(?<![\w\-])["']?value["']?[ \t]*(?:=|:)[ \t]*"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'`,;(){}\[\]<>]+))""",
    re.IGNORECASE,
)
_BARE_END = ("#", "//", ",", ";", "}", "]", ")")
_PASSWORD_WORDS = ("pass", "pwd")
_PLAIN_WORDS = re.compile(r"^[a-z]+(?:[-_.][a-z]+)*$")
_CHECKSUMMED = re.compile(r"^(?:gh[pousr]_|npm_)[A-Za-z0-9]{36}$")
# Files whose bare words are expressions (variables, attributes), never literal secrets.
_CODE_SUFFIXES = (
    ".tf",
    ".tfvars",
    ".hcl",
    ".py",
    ".js",
    ".mjs",
    ".ts",
    ".go",
    ".java",
    ".kt",
    ".rb",
    ".cs",
    ".php",
    ".rs",
    ".c",
    ".h",
    ".cpp",
    ".swift",
    ".scala",
    ".groovy",
)
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def _candidate_lines(text: str) -> list[tuple[int, int]]:
    # U+0130 is the only character whose lower case is two characters long: replacing it keeps
    # offsets in ``low`` equal to offsets in ``text``.
    low = (text.replace("\u0130", "I") if "\u0130" in text else text).lower()
    found: set[tuple[int, int]] = set()
    for kw in _KEYWORDS:
        i = low.find(kw)
        while i != -1:
            s = low.rfind("\n", 0, i) + 1
            e = low.find("\n", i)
            if e == -1:
                e = len(low)
            found.add((s, e))
            i = low.find(kw, e)
    return sorted(found)


def _value_of(m: re.Match) -> tuple[str, int, int, bool] | None:
    """(raw value, start, end, is_bare) of an assignment match: its last group is the value."""
    group = m.lastgroup
    if group not in ("dq", "sq", "bare"):
        return None
    return m.group(group), m.start(group), m.end(group), group == "bare"


_HCL_SUFFIXES = (".tf", ".tfvars", ".hcl")
_HEREDOC = re.compile(r"<<-?[ \t]*([A-Za-z_][\w-]*)[ \t]*\r?\n")


def _heredocs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the bodies of HCL heredocs (``<<EOF`` ... a line holding only
    ``EOF``): text, not expressions, as in a shell script."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := _HEREDOC.search(text, pos)) is not None:
        end = re.compile(rf"^[ \t]*{re.escape(m.group(1))}[ \t]*\r?$", re.M).search(text, m.end())
        stop = end.start() if end else len(text)
        out.append((m.end(), stop))
        pos = end.end() if end else len(text)
    return out


def _scan_assignments(text: str, path: str, lines: _Lines, hits: list[Hit]) -> None:
    code = path.endswith(_CODE_SUFFIXES)
    texts = _heredocs(text) if code and path.endswith(_HCL_SUFFIXES) and "<<" in text else []
    for s, e in _candidate_lines(text):
        if texts:  # a line inside a heredoc is a script's, not the expression language's
            i = bisect_right(texts, (s, len(text) + 1)) - 1
            code = not (i >= 0 and texts[i][0] <= s < texts[i][1])
        pos = s
        while True:
            m = _ASSIGN.search(text, pos, e)
            if m is None:
                break
            name = m.group("name")
            value = _value_of(m)
            assert value is not None
            if _label_in_string(text, m):  # 'x-amz-security-token:' + token, a header label
                pos = m.end("name")
            elif name.lower() == "name" and is_secret_name(value[0]):
                found = _VALUE.search(text, value[2], _line_end(text, value[2], 1))
                if found:  # {"name": "DB_PASSWORD", "value": "..."} / - name: X \n value: Y
                    _judge(text, value[0], _value_of(found), found.end(), e, code, lines, hits)
                pos = m.end()
            elif is_secret_name(name):
                if not _commented(text, s, m.start()) or _random(value[0]):
                    _judge(text, name, value, m.end(), e, code, lines, hits)
                pos = m.end()
            else:  # look inside the value too: command: "run --password=..."
                pos = value[1] if not value[3] else m.end()


_COMMENT_STARTS = ("#", "//", "/*", "<!--", ";")
_EXAMPLE_WORDS = ("passw", "secret", "example", "sample")


def _commented(text: str, line_start: int, pos: int) -> bool:
    """Whether ``pos`` is in a comment that starts its line (``# password = "..."``)."""
    return text[line_start:pos].lstrip().startswith(_COMMENT_STARTS)


def _random(value: str) -> bool:
    """A value that looks generated, not typed: in a comment, only such a value is a commented-
    out secret; ``"MyDBPassword123!"`` there is an example of the format."""
    low = value.lower()
    return _strong_enough("token", value) and not any(w in low for w in _EXAMPLE_WORDS)


def _label_in_string(text: str, m: re.Match) -> bool:
    """The name and its ``:``/``=`` are the whole of a quoted string (``'token:' + value``)."""
    start, end = m.start("name"), m.end("name")
    quote = text[start - 1] if start else ""
    return quote in ("'", '"') and text[end : end + 2] in (f":{quote}", f"={quote}")


def _line_end(text: str, pos: int, extra_lines: int) -> int:
    end = pos
    for _ in range(extra_lines + 1):
        nxt = text.find("\n", end)
        if nxt == -1:
            return len(text)
        end = nxt + 1
    return end


def _judge(
    text: str,
    name: str,
    value: tuple | None,
    match_end: int,
    line_end: int,
    code: bool,
    lines: _Lines,
    hits: list[Hit],
) -> None:
    if value is None:
        return
    raw, start, end, bare = value
    if bare:
        if code or raw[0] in "*&|>!%@":  # an expression, a YAML alias/anchor/block/tag
            return
        if _DOTTED.match(raw) or raw.strip("_").lower() == name.lower():
            return  # attribute access (Keyword.Type) or the name itself (token=token)
        rest = text[match_end:line_end].lstrip()
        if match_end < line_end and text[match_end] in "([{":
            return  # a function call or an index, not a literal
        if rest and not rest.startswith(_BARE_END):
            return  # prose: "password: the one in the vault"
    if P.AWS_SECRET.fullmatch(raw) and P.aws_secret_ok(raw) and _aws_secret_name(name):
        hits.append(
            lines.hit("aws-secret-access-key", start, end, "critical", "AWS secret access key")
        )
        return
    if any(c.isspace() for c in raw) or _CHECKSUMMED.match(raw):
        return  # prose, or a GitHub/npm-shaped token whose checksum already failed
    if _password_name(name) and is_default_password(raw):
        label = name.strip(chr(34) + chr(39))
        hits.append(
            lines.hit(
                "generic-secret-assignment",
                start,
                end,
                "low",
                f"Well-known default password assigned to {label} (weak, and still a credential)",
            )
        )
        return
    if not looks_secret(raw) or not _strong_enough(name, raw):
        return
    hits.append(
        lines.hit(
            "generic-secret-assignment",
            start,
            end,
            "medium",
            f"Hard-coded secret assigned to {name.strip(chr(34) + chr(39))}",
        )
    )


def _aws_secret_name(name: str) -> bool:
    joined = re.sub(r"[^a-z]", "", name.lower())
    return (
        "secretaccesskey" in joined
        or joined.endswith("secretkey")
        or ("aws" in joined and "secret" in joined)
    )


def _password_name(name: str) -> bool:
    return any(w in name.lower() for w in _PASSWORD_WORDS)


def _strong_enough(name: str, value: str) -> bool:
    """Passwords may be short words; keys and tokens must look random: letters and digits (a
    number alone is an id or a sequence number; letters alone, an identifier)."""
    if _password_name(name):
        return len(value) >= 6 and entropy(value) >= 2.5
    return (
        len(value) >= 12
        and entropy(value) >= 3.0
        and not _PLAIN_WORDS.match(value)
        and not value.isdigit()
        and not value.isalpha()  # "generatedAccessToken": an identifier, not a random token
    )


# --------------------------------------------------------------------------- entry point


def scan_text(text: str, path: str = "") -> list[Hit]:
    """Run every detector over ``text`` (the content of the file at ``path``; the path only
    tunes parsing, e.g. bare words are expressions in ``.tf`` files). Hits are sorted by
    (line, col), one per secret occurrence."""
    if not text:
        return []
    lines = _Lines(text)
    hits: list[Hit] = []
    _scan_tokens(text, lines, hits)
    _scan_private_keys(text, lines, hits)
    _scan_aws_pairs(text, lines, hits)
    _scan_urls(text, lines, hits)
    _scan_assignments(text, path, lines, hits)
    return _dedupe(hits)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop generic hits covered by a provider hit, and same-span duplicates."""
    specific = [h for h in hits if h.detector not in _GENERIC]
    kept: dict[tuple, Hit] = {}
    for h in hits:
        if h.detector in _GENERIC and any(_overlaps(h, s) for s in specific):
            continue
        key = (h.line, h.col, h.end_line, h.end_col)
        old = kept.get(key)
        if old is None or _SEVERITY_RANK[h.severity] > _SEVERITY_RANK[old.severity]:
            kept[key] = h
    return sorted(kept.values(), key=lambda h: (h.line, h.col, h.detector))


def _overlaps(a: Hit, b: Hit) -> bool:
    return (a.line, a.col) < (b.end_line, b.end_col) and (b.line, b.col) < (a.end_line, a.end_col)
