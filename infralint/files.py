"""The one way infralint opens a file of the scanned tree (and of its own cache).

The scanned tree is untrusted. ``read_bytes`` refuses, with ``Refused`` and a reason that can
be shown to the user:

* a path outside the root it is given (``../``, an absolute path elsewhere);
* a path through a ``.git`` directory (it holds the checkout's credentials and hooks);
* a symlink (at any level) whose target lies outside the root;
* anything but a regular file: a FIFO would block, a device never end;
* more than ``max_bytes`` (``TooLarge``, a ``Refused`` that carries the size).

Files are opened without blocking and without becoming the controlling terminal, and read
once, up to the limit.
"""

from __future__ import annotations

import os
import stat


class Refused(Exception):
    """The file is not read; ``str(exc)`` says why."""


class TooLarge(Refused):
    def __init__(self, size: int, limit: int):
        super().__init__(f"{size:,} bytes is more than the {limit:,}-byte limit")
        self.size = size


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both absolute and normalised)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check(path: str, root: str, real: str | None = None, real_root: str | None = None) -> str:
    """The absolute path of ``path`` (relative to ``root`` when not absolute) if infralint may
    read it; raises ``Refused`` otherwise. A caller that has already resolved the real paths of
    the file and the root (the directory walk does) passes them to save the lookups."""
    root = os.path.abspath(root)
    full = os.path.normpath(os.path.join(root, path))
    if not inside(full, root):
        raise Refused("outside the scan root")
    relative = os.path.relpath(full, root)
    if ".git" in relative.split(os.sep):
        raise Refused("inside .git, which is never read")
    real = real or os.path.realpath(full)
    real_root = real_root or os.path.realpath(root)
    if not inside(real, real_root):
        raise Refused("a symbolic link leading outside the scan root")
    if ".git" in os.path.relpath(real, real_root).split(os.sep):
        raise Refused("a symbolic link into .git, which is never read")
    return full


def read_bytes(
    path: str, root: str, max_bytes: int, real: str | None = None, real_root: str | None = None
) -> bytes:
    """The content of ``path`` (see the module's documentation for what is refused; ``real``
    and ``real_root`` as for ``check``)."""
    full = check(path, root, real, real_root)
    try:
        fd = os.open(full, _FLAGS)
    except OSError as exc:
        raise Refused(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > max_bytes:
            raise TooLarge(info.st_size, max_bytes)
        # a buffer of the file's size, not of the limit; a file that grew since is read on,
        # up to the limit
        data = fh.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += fh.read(max_bytes + 1 - len(data))
        if len(data) > max_bytes:
            raise TooLarge(len(data), max_bytes)
        return data


def read_text(path: str, root: str, max_bytes: int) -> tuple[str, str]:
    """(text, note): ``path`` decoded as UTF-8, its invalid bytes replaced; ``note`` says so
    (empty when the file is valid UTF-8)."""
    return decode_replacing(read_bytes(path, root, max_bytes))


def decode_replacing(data: bytes) -> tuple[str, str]:
    """(text, note) of UTF-8 bytes (with or without BOM); invalid bytes become U+FFFD and
    ``note`` names the first one."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        note = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}): "
            "invalid bytes were replaced and the file scanned"
        )
        return data.decode("utf-8-sig", errors="replace"), note
