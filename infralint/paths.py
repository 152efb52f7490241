"""Where paths are shown and what they are keyed on.

Findings carry paths relative to the scan root. A person reads them relative to the working
directory (so the terminal and editors can open them, as ruff prints them); baselines and SARIF
fingerprints key them on the path inside the repository, so they do not depend on where a scan
was started from.
"""

from __future__ import annotations

import os
import posixpath
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


def repo_base(root: str, repo_root: str | None) -> tuple[str, str]:
    """The directory paths are keyed on (the repository root; the scan root outside git or
    outside the repository), and the scan root's path inside it ("" at its top)."""
    root = os.path.abspath(root)
    if not repo_root:
        return root, ""
    try:
        rel = os.path.relpath(root, os.path.abspath(repo_root)).replace(os.sep, "/")
    except ValueError:  # another drive
        return root, ""
    if rel == ".." or rel.startswith("../"):
        return root, ""
    return os.path.abspath(repo_root), "" if rel == "." else rel


def repo_prefix(root: str) -> str:
    """The scan root's path inside its repository ("" at the top, or outside git)."""
    from infralint.discover import repo_root

    return repo_base(root, repo_root(root))[1]


def in_repo(prefix: str, path: str) -> str:
    """``path`` (relative to the scan root) relative to the repository root."""
    return posixpath.join(prefix, path) if prefix else path


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
