"""Control characters out of every output.

File names, HCL labels, CloudFormation logical IDs and compose service names come from the
scanned tree. Printed raw, a carriage return or a line separator starts a new line in a CI log
(``::error file=...::`` is then a GitHub workflow command), and OSC/CSI escape sequences drive
the terminal. ``escape`` shows each such character as a Python-style escape (``\\r``,
``\\x1b``, ``\\u2028``); tabs are kept only where ``keep_tabs`` says so (source excerpts).

A file name that is not UTF-8 reaches infralint with each undecodable byte as a lone surrogate
(Python's ``surrogateescape``): ``escape`` shows the byte (``\\xff``), ``json_safe`` writes it as a
``\\udcff`` JSON escape (valid UTF-8, and read back into the same name), ``uri_path`` %-escapes
the original bytes (``%FF``). No output is left that cannot be encoded.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides and isolates that reorder what a reader sees (CVE-2021-42574)
_OTHERS = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\udc80-\udcff"
_UNSAFE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_BUT_TAB = re.compile(f"[\x00-\x08\x0a-\x1f{_OTHERS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, keep_tabs: bool = False) -> str:
    """``text`` with every control character shown as an escape."""
    pattern = _UNSAFE_BUT_TAB if keep_tabs else _UNSAFE
    return pattern.sub(_shown, text) if pattern.search(text) else text


def escape_lines(text: str) -> str:
    """``text`` of several lines: the newlines stay, every other control is escaped."""
    return "\n".join(escape(line, keep_tabs=True) for line in text.split("\n"))


def json_safe(text: str) -> str:
    """JSON text with the characters JSON leaves raw (DEL, C1 controls, separators, bidi
    controls) written as ``\\uXXXX``. They only occur inside strings, so the document keeps its
    meaning."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_RAW = re.compile(f"[{_OTHERS}]")


_UNDECODED = re.compile("[\udc80-\udcff]")


def decoded(name: str) -> str:
    """``name`` with each byte that was not UTF-8 shown as ``\\xNN`` (other characters kept:
    for writers that escape them their own way)."""
    return _UNDECODED.sub(_shown, name)


def uri_path(path: str) -> str:
    """``path`` as the path of a URI: every byte outside the safe ones %-escaped, the bytes of
    a name that is not UTF-8 included."""
    from urllib.parse import quote

    return quote(path.encode("utf-8", "surrogateescape"), safe="/")
