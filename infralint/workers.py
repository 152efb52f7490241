"""The parse stage: every file parsed once, from the cache when possible, and never for longer
than the parse time limit.

A task is ``(path, kind, text)`` with kind ``hcl``, ``json`` or ``yaml``. ``parse_all`` returns,
per path, the parse result (a ``Body`` for HCL, a ``Document`` otherwise) or the ``ParseError``
to report.

How a file is parsed:

* found in the cache (``infralint.cache``): decoded, no parser is even imported. Cached are the
  YAML and JSON documents of ``CACHE_MIN_BYTES`` or more; Terraform files are not (the HCL
  parser is faster than reading an entry back), and a small document parses faster than its
  cache entry is written;
* copies of one Terraform file are parsed once;
* otherwise a file under ``WORKER_MIN_BYTES`` in this process: every parser is linear in its
  input (the HCL parser, PyYAML's C loader with infralint's node budget, the JSON reader), so a
  small file cannot take long, and the HCL parser and the C loader are faster than sending
  their results between processes;
* a larger file in a worker process, which is killed at the parse time limit. No signal and no
  asynchronous exception ever interrupts library code, and ``infralint scan one.tf`` pays no
  process start-up.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import deque
from typing import Any

from infralint.parse import ParseError

CACHE_MIN_BYTES = 8 * 1024
WORKER_MIN_BYTES = 2 * 1024 * 1024  # parsed in a worker process under the time limit
DEFAULT_TIMEOUT = 10.0


def parse_text(kind: str, text: str) -> Any:
    """Parse ``text``; raises ``ParseError`` (or anything a parser raises)."""
    if kind == "hcl":
        from infralint.parse import hcl

        return hcl.parse(text)
    if kind == "json":
        from infralint.parse import json_doc

        return json_doc.load(text)
    from infralint.parse import yaml_doc

    return yaml_doc.load(text)


def timed_out(timeout: float) -> ParseError:
    return ParseError(f"parse timed out after {timeout:g}s")


def _failure(exc: BaseException) -> ParseError:
    if isinstance(exc, ParseError):
        return exc
    return ParseError(f"could not be parsed: {type(exc).__name__}: {exc}")


def _outcome(kind: str, text: str, encode: bool = True) -> tuple[Any, bytes | None]:
    """(result or ParseError, its cache encoding or None when it cannot be encoded or
    ``encode`` is false; Terraform trees are not encoded)."""
    from infralint import cache

    try:
        value = parse_text(kind, text)
    except Exception as exc:
        value = _failure(exc)
    if not encode or (kind == "hcl" and not isinstance(value, ParseError)):
        return value, None
    try:
        data = cache.encode("hcl" if kind == "hcl" else "doc", value)
    except (ValueError, RecursionError):
        data = None
    return value, data


def parse_all(
    tasks: list[tuple[str, str, str]],
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    store: Any = None,
) -> dict[str, Any]:
    """Parse every task; ``store`` is an ``infralint.cache.Cache`` or None. ``jobs``: the
    worker processes for the files of ``WORKER_MIN_BYTES`` or more."""
    results: dict[str, Any] = {}
    todo: list[tuple[str, str, str, str | None]] = []
    # copies of a file (a module vendored in several places) are parsed once: a parsed
    # Terraform file is never changed afterwards, so the copies share it
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for path, kind, text in tasks:
        if kind == "hcl":
            if text in first:
                copies[path] = first[text]
                continue
            first[text] = path
        todo.append((path, kind, text, None))
    if todo:
        _parse_todo(todo, jobs, timeout, store, results)
    for path, original in copies.items():
        results[path] = results[original]
    return results


def _parse_todo(
    todo: list[tuple[str, str, str, str | None]],
    jobs: int,
    timeout: float | None,
    store: Any,
    results: dict[str, Any],
) -> None:
    # Cached are the results that cost more to compute than to store and load: documents of
    # CACHE_MIN_BYTES or more. The HCL parser is faster than reading an entry back, and a small
    # document parses faster than its entry is written.
    todo = _from_cache(
        todo, store, results, lambda t: t[1] != "hcl" and len(t[2]) >= CACHE_MIN_BYTES
    )
    large = [t for t in todo if timeout is not None and len(t[2]) >= WORKER_MIN_BYTES]
    if large:
        _in_pool(large, max(1, min(jobs, len(large))), timeout, store, results)
    for task in todo:
        if task[0] not in results:
            value, data = _outcome(task[1], task[2], task[3] is not None)
            _keep(task, value, data, store, results)


def _from_cache(tasks: list, store: Any, results: dict[str, Any], kept: Any) -> list:
    """The tasks still to parse: those ``kept`` (a test on a task) that the cache has are
    decoded into ``results``; the others of them get their cache key, to be stored."""
    if store is None:
        return tasks
    from infralint import cache

    out = []
    for task in tasks:
        path, kind, text, _ = task
        if kept(task):
            key = store.key(kind, text)
            data = store.get(key)
            if data is not None:
                try:
                    results[path] = cache.decode(data)
                    continue
                except Exception:  # a corrupt or foreign entry: parse again
                    pass
            task = (path, kind, text, key)
        out.append(task)
    return out


def _keep(task: tuple, value: Any, data: bytes | None, store: Any, results: dict) -> None:
    path, _, _, key = task
    results[path] = value
    if store is not None and data is not None and key is not None:
        store.put(key, data)


# -- in worker processes ----------------------------------------------------------------------
def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies, however it dies (Linux; a parent
    killed with SIGKILL cannot stop its workers itself)."""
    import signal

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _serve(conn: Any, directory: str | None, parent: int) -> None:
    """A worker: parse each (key, kind, text) received, store the result, send back
    (ok, bytes) where bytes is the encoding (ok) or the pickled result (not ok). Ctrl-C is
    the parent's to handle (it stops its workers); SIGTERM ends a worker at once."""
    import signal  # this is the worker process: Ctrl-C is the parent's to handle

    from infralint import cache

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    store = cache.Cache(directory) if directory else None
    try:
        _answer(conn, store)
    finally:
        if store is not None:
            store.flush()


def _answer(conn: Any, store: Any) -> None:
    import pickle

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, kind, text = task
        value, data = _outcome(kind, text)
        if data is not None:
            if store is not None and key is not None:
                store.put(key, data)
            conn.send((True, data))
        else:  # a Terraform tree (not cached) or an error
            try:
                payload = pickle.dumps(value)
            except RecursionError:
                payload = pickle.dumps(ParseError("nested too deeply to be processed"))
            conn.send((False, payload))


def _context() -> Any:
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")  # inherits the imported parsers
    return multiprocessing.get_context()


class _Worker:
    def __init__(self, ctx: Any, directory: str | None):
        self.conn, child = ctx.Pipe()
        parent = os.getpid()
        self.process = ctx.Process(target=_serve, args=(child, directory, parent), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple | None = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(1 if not kill else None)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _in_pool(
    todo: list[tuple[str, str, str, str | None]],
    size: int,
    timeout: float | None,
    store: Any,
    results: dict[str, Any],
) -> None:
    import pickle
    from multiprocessing.connection import wait

    from infralint import cache

    ctx = _context()
    directory = store.directory if store is not None else None
    queue = deque(todo)
    workers: list[_Worker] = [_Worker(ctx, directory) for _ in range(size)]
    try:
        while workers:
            now = time.monotonic()
            for w in workers:
                if w.task is None and queue:
                    w.task = queue.popleft()
                    _, kind, text, key = w.task
                    w.deadline = now + timeout if timeout is not None else float("inf")
                    w.conn.send((key, kind, text))
            busy = [w for w in workers if w.task is not None]
            if not busy:
                break
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            limit = None if wait_for == float("inf") else max(wait_for, 0)
            ready = wait([w.conn for w in busy], limit)
            for w in busy:
                path = w.task[0]  # type: ignore[index]
                if w.conn in ready:
                    try:
                        ok, data = w.conn.recv()
                    except (EOFError, OSError):
                        w.process.join()
                        results[path] = ParseError(
                            "could not be parsed: the parser process died "
                            f"(exit code {w.process.exitcode})"
                        )
                    else:
                        results[path] = cache.decode(data) if ok else pickle.loads(data)
                        w.task = None
                        continue
                elif time.monotonic() >= w.deadline:
                    results[path] = timed_out(timeout)  # type: ignore[arg-type]
                else:
                    continue
                w.stop(kill=True)  # timed out or died: replace it while work remains
                workers.remove(w)
                if queue:
                    workers.append(_Worker(ctx, directory))
    finally:
        for w in workers:
            w.stop()
