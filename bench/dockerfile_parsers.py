"""Compare infralint's Dockerfile parser with BuildKit's (the ``dockerfile`` package, bindings to
the official parser) over a directory: the same instructions, with the same first and last
lines, for every Dockerfile BuildKit accepts.

    pip install dockerfile      # in a separate environment with infralint installed
    python bench/dockerfile_parsers.py DIR [DIR...]

Prints one line per difference and a summary; exits 1 when any file differs.
"""

from __future__ import annotations

import os
import sys

from infralint.formats.builtin import _dockerfile_name
from infralint.parse.dockerfile import DockerfileError, parse


def files(roots: list[str]):
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != ".git"]
            for name in names:
                if _dockerfile_name(name.lower()):
                    yield os.path.join(folder, name)


def compare(path: str) -> list[str]:
    import dockerfile

    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    try:
        commands = dockerfile.parse_string(text)
        # a line holding only the escape character is a node without a command there
        theirs = [(c.cmd.upper(), c.start_line, c.end_line) for c in commands if c.cmd]
    except dockerfile.GoParseError as exc:
        theirs = None
        why = str(exc)
    try:
        ours = [(i.keyword, i.span.line, i.span.end_line) for i in parse(text, path).instructions]
    except DockerfileError as exc:
        ours = None
        mine = str(exc)
    if theirs is None or ours is None:
        if theirs is None and ours is None:
            return []
        return [
            f"{path}: BuildKit {'rejects: ' + why if theirs is None else 'accepts'}, "
            f"infralint {'rejects: ' + mine if ours is None else 'accepts'}"
        ]
    if theirs == ours:
        return []
    diff = [f"{path}: {a} != {b}" for a, b in zip(theirs, ours, strict=False) if a != b][:3]
    return diff or [f"{path}: {len(theirs)} instructions (BuildKit) != {len(ours)}"]


def main(argv: list[str]) -> int:
    paths = sorted(files(argv or ["."]))
    problems = [p for path in paths for p in compare(path)]
    for line in problems:
        print(line)
    print(f"{len(paths)} Dockerfiles, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
