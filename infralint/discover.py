"""Find the files of a scan and tell their format apart, by name and by content.

Directories are walked without leaving the scan root (symlinks pointing outside it, and loops,
are not followed). Vendored and generated trees are skipped, among them the packages pip
installed into a directory (a ``*.dist-info`` and what its ``RECORD`` lists). Every text file is
kept: the
secret detectors read them all.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from infralint.limits import Limits
from infralint.model import Diagnostic

SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".terraform",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".infralint-cache",
    "site-packages",
    ".serverless",
    "cdk.out",
    ".aws-sam",
}
BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".webp",
    ".pdf",
    ".zip",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".7z",
    ".jar",
    ".war",
    ".class",
    ".so",
    ".dll",
    ".dylib",
    ".exe",
    ".pyc",
    ".pyo",
    ".whl",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".mp3",
    ".mp4",
    ".mov",
    ".avi",
    ".wasm",
    ".bin",
    ".o",
    ".a",
    ".db",
    ".sqlite",
    ".parquet",
}
LOCK_FILES = {
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "Pipfile.lock",
    "Cargo.lock",
    "go.sum",
    "composer.lock",
    "Gemfile.lock",
    ".terraform.lock.hcl",
    "uv.lock",
    "pdm.lock",
    "bun.lockb",
}
# Binary files that are secrets in themselves: kept by name (kind "binary-secret", no text) so
# the secret-file rule sees them; their content is never read.
SECRET_STORE_SUFFIXES = (".p12", ".pfx", ".jks", ".keystore")
MAX_BYTES = 5 * 1024 * 1024
MAX_WALK_DEPTH = Limits.walk_depth


@dataclass(slots=True)
class SourceFile:
    path: str  # relative to the scan root, posix separators
    abspath: str
    kind: str  # terraform | tfvars | cloudformation | compose | dotenv | text | binary-secret
    text: str

    @property
    def lines(self) -> list[str]:
        from infralint.lines import split_lines

        return split_lines(self.text)


@dataclass
class Discovery:
    root: str
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # files left out, by reason


def scan_root(paths: list[str]) -> str:
    """The directory findings are relative to: the one directory given, else the current
    directory when every path is inside it, else the paths' common parent."""
    absolute = [os.path.abspath(p) for p in paths]
    if len(absolute) == 1 and os.path.isdir(absolute[0]):
        return absolute[0]
    cwd = os.getcwd()
    if all(p == cwd or p.startswith(cwd + os.sep) for p in absolute):
        return cwd
    common = os.path.commonpath(absolute)
    return common if os.path.isdir(common) else os.path.dirname(common)


def discover(
    paths: list[str],
    exclude: list[str] | None = None,
    max_bytes: int = MAX_BYTES,
    widen: bool = True,
    gitignore: bool = True,
    max_depth: int = MAX_WALK_DEPTH,
) -> Discovery:
    """Every scannable file under ``paths``. A Terraform file given by name brings the other
    ``.tf``/``.tfvars`` files of its module directory along (``widen``), so variables defined in
    a sibling file still resolve when pre-commit passes only the changed files.

    With ``gitignore``, files found by walking a directory (or widening) that git ignores are
    left out: inside a git checkout they are not committed. Files named explicitly are kept."""
    root = scan_root(paths)
    found = Discovery(root)
    seen: set[str] = set()
    exclude = exclude or []
    candidates: list[tuple[str, str]] = []  # (path, its real path)
    named: set[str] = set()
    for given in paths:
        full = os.path.abspath(given)
        if os.path.isdir(full):
            candidates.extend(_walk(full, root, found, max_depth))
        elif os.path.isfile(full):
            candidates.append((full, os.path.realpath(full)))
            named.add(full)
            if widen and full.endswith((".tf", ".tfvars", ".tf.json", ".tfvars.json")):
                folder = os.path.dirname(full)
                candidates.extend(
                    (path, os.path.realpath(path))
                    for n in sorted(os.listdir(folder))
                    if n.endswith((".tf", ".tfvars", ".tf.json", ".tfvars.json"))
                    for path in [os.path.join(folder, n)]
                )
    if gitignore:
        ignored = git_ignored(root, [c for c, _ in candidates if c not in named])
        candidates = [c for c in candidates if c[0] not in ignored]
        found.skipped["gitignored"] = len(ignored)
    prefix = root.rstrip(os.sep) + os.sep
    real_root = os.path.realpath(root)
    for full, real in candidates:
        if real in seen:
            continue
        seen.add(real)
        rel = full[len(prefix) :] if full.startswith(prefix) else os.path.relpath(full, root)
        rel = rel.replace(os.sep, "/")
        if _excluded(rel, exclude):
            found.skipped["excluded"] = found.skipped.get("excluded", 0) + 1
            continue
        source = read_source(full, rel, found.diagnostics, max_bytes, root, (real, real_root))
        if source is not None:
            found.files.append(source)
    found.files.sort(key=lambda s: s.path)
    return found


def git_ignored(root: str, paths: list[str]) -> set[str]:
    """The members of ``paths`` (absolute) that git ignores, when ``root`` is inside a git
    work tree; an empty set when it is not or git is not installed. One ``git check-ignore``
    for the whole list (tracked files are never reported as ignored)."""
    folder = root if os.path.isdir(root) else os.path.dirname(root)
    # no .git above and no GIT_DIR: not a checkout, and git need not be started
    in_checkout = repo_root(folder) or os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE")
    if not paths or not in_checkout:
        return set()
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return set()
    try:
        top = subprocess.run(
            [*GIT, "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            env=_git_environment(),
        )
        if top.returncode != 0 or not top.stdout.strip():
            return set()
        top_real = os.path.realpath(top.stdout.strip())
        relative = {}
        for path in paths:
            real = os.path.realpath(path)
            if _inside(real, top_real) and real != top_real:
                relative.setdefault(os.path.relpath(real, top_real), []).append(path)
        if not relative:
            return set()
        done = subprocess.run(
            [*GIT, "check-ignore", "--stdin", "-z"],
            cwd=top_real,
            input="\0".join(relative).encode() + b"\0",
            capture_output=True,
            timeout=120,
            env=_git_environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 1: nothing ignored; 128: not usable here
        return set()
    out: set[str] = set()
    for name in done.stdout.decode(errors="surrogateescape").split("\0"):
        out.update(relative.get(name, ()))
    return out


# git reads the scanned checkout's own .git/config, which is untrusted: nothing it names may
# run. core.fsmonitor names a command git starts on every index read (an empty value turns it
# off, in every git version); hooks are pointed at nothing. Git's own safe.directory check
# (a repository owned by another user is refused) is left as it is.
GIT = ("git", "-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null")


def _git_environment() -> dict[str, str]:
    """The environment for git: no system-wide configuration, no terminal prompt, no pager."""
    env = dict(os.environ)
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat")
    return env


def repo_root(start: str) -> str | None:
    """The nearest directory at or above ``start`` holding a ``.git`` (a directory, or a file
    for a worktree or submodule), or None."""
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _excluded(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    for pattern in patterns:
        pat = pattern.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat + "/*"):
            return True
        if pat.startswith("**/") and _excluded(rel, [pat[3:]]):  # "**/" also matches no folder
            return True
        if "/" not in pat and any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
    return False


def _walk(
    top: str, root: str, found: Discovery, max_depth: int = MAX_WALK_DEPTH
) -> list[tuple[str, str]]:
    """(path, real path) of every file under ``top`` that stays inside ``root``, walked
    iteratively in sorted order; directories deeper than ``max_depth`` below ``top`` are left
    out with one diagnostic."""
    out: list[tuple[str, str]] = []
    real_root = os.path.realpath(root)
    visited: set[str] = set()
    todo = [(top, 0)]
    too_deep = None
    while todo:
        folder, depth = todo.pop()
        real = os.path.realpath(folder)
        if real in visited or not _inside(real, real_root):
            continue
        visited.add(real)
        dirs, files = _entries(folder, root, found)
        for name in files:  # a link leaving the root is refused when read
            full = os.path.join(folder, name)
            target = os.path.realpath(full) if os.path.islink(full) else os.path.join(real, name)
            out.append((full, target))
        vendored = _installed_packages(folder, dirs, root)
        dirs = [
            d for d in dirs if d not in SKIP_DIRS and d not in vendored and not _is_venv(folder, d)
        ]
        if dirs and depth >= max_depth:
            too_deep = too_deep or folder
            continue
        todo.extend((os.path.join(folder, d), depth + 1) for d in reversed(dirs))
    if too_deep is not None:
        found.diagnostics.append(
            Diagnostic(
                _rel(too_deep, root),
                f"directories more than {max_depth:,} levels deep are not scanned "
                "([limits] walk_depth)",
                level="warning",
                stage="read",
            )
        )
    return out


def _entries(folder: str, root: str, found: Discovery) -> tuple[list[str], list[str]]:
    """The sorted directory and file names in ``folder`` (links to directories are
    directories); none, with a diagnostic, when it cannot be listed."""
    dirs, files = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()  # follows links
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry.name)
    except OSError as exc:
        found.diagnostics.append(
            Diagnostic(
                _rel(folder, root),
                f"cannot read directory: {exc.strerror}",
                level="warning",
                stage="read",
            )
        )
    return sorted(dirs), sorted(files)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _is_venv(folder: str, name: str) -> bool:
    return os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))


_RECORD_LIMIT = 4 << 20


def _installed_packages(folder: str, dirs: list[str], root: str) -> set[str]:
    """Directories of ``folder`` that pip installed there (``pip install --target``, a Lambda
    layer's ``python/``): every ``*.dist-info`` directory and the top-level directories its
    ``RECORD`` lists, and beside them any Python package (a directory with ``__init__.py``).
    Third-party code, like ``site-packages``; the user's other directories there are still
    walked."""
    from infralint.files import Refused, read_text

    out: set[str] = set()
    for name in dirs:
        if not name.endswith(".dist-info"):
            continue
        out.add(name)
        try:  # read as any file of the tree: inside the root, a regular file, bounded
            record, _ = read_text(os.path.join(folder, name, "RECORD"), root, _RECORD_LIMIT)
        except (OSError, Refused):
            continue
        for line in record.splitlines():
            top, sep, _ = line.partition("/")
            if sep and top not in ("..", "."):
                out.add(top)
    if out:  # a package copied in without its metadata is installed there too
        out.update(d for d in dirs if os.path.isfile(os.path.join(folder, d, "__init__.py")))
    return out


def _rel(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def read_source(
    full: str,
    rel: str,
    diagnostics: list[Diagnostic],
    max_bytes: int,
    root: str,
    resolved: tuple[str, str] | None = None,
) -> SourceFile | None:
    """The file at ``full`` (``rel`` to ``root``), read through ``infralint.files``; None, with
    a diagnostic when it matters, for what is not scanned. ``resolved``: the real paths of the
    file and the root, when the caller knows them."""
    from infralint.files import Refused, read_bytes

    name = os.path.basename(full)
    lower = name.lower()
    suffix = os.path.splitext(lower)[1]
    if suffix in BINARY_SUFFIXES or name in LOCK_FILES:
        return None
    if lower.endswith(SECRET_STORE_SUFFIXES):
        return SourceFile(rel, full, "binary-secret", "")
    named_kind = kind_by_name(lower)
    try:
        data = read_bytes(full, root, max_bytes, *(resolved or ()))
    except Refused as exc:
        level = "warning" if named_kind else "info"
        diagnostics.append(Diagnostic(rel, f"skipped: {exc}", level=level, stage="read"))
        return None
    text, problem = decode(data)
    if text is None:
        diagnostics.append(
            Diagnostic(
                rel, f"skipped: {problem}", level="error" if named_kind else "info", stage="read"
            )
        )
        return None
    kind = named_kind or kind_by_content(lower, text)
    if problem:  # scanned all the same; worth a warning where infrastructure is written
        level = "warning" if infrastructure(kind) else "info"
        diagnostics.append(Diagnostic(rel, problem, level=level, stage="read"))
    return SourceFile(rel, full, kind, text)


def decode(data: bytes) -> tuple[str | None, str]:
    """(text, note) of a file: UTF-8 (with or without BOM, invalid bytes replaced and named in
    the note) or UTF-16 with a BOM; (None, why) for binaries."""
    from infralint.files import decode_replacing

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "invalid UTF-16"
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes)"
    text, note = decode_replacing(data)
    if "\x00" in text:
        return None, "binary file (contains NUL bytes)"
    if note and text.count("\ufffd") * 10 > len(text):  # mostly not text at all
        return None, "binary file (mostly not valid UTF-8)"
    return text, note


def kind_by_name(lower: str) -> str:
    """The kind a registered format gives a file by its name alone ("" when none does)."""
    from infralint import formats

    return formats.kind_by_name(lower)


STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".cfn")


def infrastructure(kind: str) -> bool:
    """Whether files of ``kind`` describe infrastructure (their format builds resources)."""
    from infralint import formats

    fmt = formats.of_kind(kind)
    return fmt is not None and fmt.build is not None


def kind_by_content(lower: str, text: str) -> str:
    """The kind a registered format gives a file by its content (``text`` when none does)."""
    from infralint import formats

    return formats.kind_by_content(lower, text)
