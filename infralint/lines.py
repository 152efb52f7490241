"""The one line model: lines end at ``\\n`` (a ``\\r`` before it belongs to the line break).

``str.splitlines`` also breaks at ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and
U+2029, which neither the parsers nor Terraform, CloudFormation or Compose take for line
breaks: a line number computed one way and looked up the other would point at another line.
Suppressions, excerpts, snippets and findings all count lines with ``split_lines``.
"""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their ``\\n`` / ``\\r\\n`` (no empty last line for a text
    that ends with a line break, as ``str.splitlines``)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
