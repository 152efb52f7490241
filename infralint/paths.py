"""Where paths are shown and what they are keyed on.

Findings carry paths relative to the scan root. A person reads them relative to the working
directory (so the terminal and editors can open them, as ruff prints them); baselines and SARIF
fingerprints key them on the path inside the repository, so they do not depend on where a scan
was started from.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def shown_from(root: str, cwd: str | None = None) -> Callable[[str], str]:
    """A function showing a scan-root-relative path relative to ``cwd`` (absolute outside)."""
    root, cwd = os.path.abspath(root), os.path.abspath(cwd or os.getcwd())

    def shown(path: str) -> str:
        full = os.path.normpath(os.path.join(root, path))
        try:
            rel = os.path.relpath(full, cwd)
        except ValueError:  # another drive
            return full
        if rel == ".." or rel.startswith(".." + os.sep):
            return full
        return rel.replace(os.sep, "/")

    return shown


def repository(root: str, paths: list[str]) -> str | None:
    """The repository a scan is keyed on: the scan root's, else the one repository that holds
    every path given (``infralint scan /abs/repo/main.tf`` from a directory above it)."""
    from infralint.discover import repo_root

    found = repo_root(root)
    if found or not paths:
        return found
    tops = {repo_root(os.path.dirname(os.path.abspath(p))) for p in paths}
    return tops.pop() if len(tops) == 1 else None


def keyed(root: str, repo: str | None) -> tuple[str, Callable[[str], str]]:
    """The directory paths are keyed on (``repo``, else the scan root), and a function giving
    a scan-root-relative path relative to it (unchanged when it lies outside)."""
    root = os.path.abspath(root)
    base = os.path.abspath(repo) if repo else root
    if base == root or not (_within(root, base) or _within(base, root)):
        return root, lambda path: path

    def key(path: str) -> str:
        try:
            rel = os.path.relpath(os.path.join(root, path), base).replace(os.sep, "/")
        except ValueError:  # another drive
            return path
        return path if rel == ".." or rel.startswith("../") else rel

    return base, key


def named_filter(paths: list[str], root: str) -> Callable[[str], bool] | None:
    """When files are named on the command line (as pre-commit passes the changed ones): a test
    of whether a scan-root-relative path is one of them or lies in a named directory. Other
    files of a Terraform module are read to resolve variables, but their findings are not
    the changed files'. None when only directories are named."""
    if all(os.path.isdir(p) for p in paths):
        return None
    root = os.path.abspath(root)
    files = {os.path.normpath(os.path.abspath(p)) for p in paths if not os.path.isdir(p)}
    folders = [os.path.abspath(p).rstrip(os.sep) + os.sep for p in paths if os.path.isdir(p)]

    def named(path: str) -> bool:
        full = os.path.normpath(os.path.join(root, path))
        return full in files or full.startswith(tuple(folders))

    return named


def exclude_patterns(patterns: list[str], root: str) -> list[str]:
    """``--exclude`` values as the scan-root-relative globs discovery matches. A value written
    as a path (``./terraform``, ``../x``, absolute) is taken from the working directory, as the
    shell would; other values are globs relative to the scan root."""
    out = []
    for pattern in patterns:
        if os.path.isabs(pattern) or pattern.startswith(("./", "../")) or pattern in (".", ".."):
            rel = os.path.relpath(os.path.abspath(pattern), os.path.abspath(root))
            pattern = rel.replace(os.sep, "/") + ("/" if pattern.endswith("/") else "")
        out.append(pattern)
    return out


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
