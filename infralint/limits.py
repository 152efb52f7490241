"""Limits and budgets: what hostile input may cost before a part of the scan is cut short.

``Limits`` is the model of the ``[limits]`` table: every budget, its default and what it
bounds (the configuration and the README table are made from it). A ``Budget`` is what one scan
spends against its limits: one object, made per scan and handed to every stage that builds
something whose size the input decides. Exceeding a budget raises ``Exceeded``; the stage turns
the value it was building into UNKNOWN and the budget reports one diagnostic naming itself and
its ``[limits]`` key.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from typing import Any

from infralint.parse import MAX_DEPTH, MAX_NODES  # the parsers' own defaults


def _limit(default: int, what: str) -> Any:
    return field(default=default, metadata={"what": what})


@dataclass
class Limits:
    """The ``[limits]`` table (defaults shown)."""

    yaml_nodes: int = _limit(
        MAX_NODES,
        "YAML nodes of a file (all its documents), each alias expansion counted (and at most "
        "50 times the nodes written)",
    )
    nesting_depth: int = _limit(MAX_DEPTH, "nesting of YAML / JSON values and HCL expressions")
    resources_per_file: int = _limit(10_000, "resources scanned in one file")
    eval_steps: int = _limit(
        1_000_000,
        "evaluation steps per Terraform root module, CloudFormation template or compose project",
    )
    eval_seconds: int = _limit(
        30, "wall-clock seconds of evaluation per root module, template or compose project"
    )
    eval_bytes: int = _limit(
        64_000_000,
        "bytes of strings and list items built by evaluation per root module, template or "
        "compose project",
    )
    value_bytes: int = _limit(
        4_000_000, "size of one value built by evaluation (a string; a list or map as JSON text)"
    )
    list_length: int = _limit(100_000, "elements of one list or map built by evaluation")
    instances: int = _limit(1_000, "`count` / `for_each` / `dynamic` expansion of one block")
    walk_depth: int = _limit(100, "directory depth below the scan root")
    findings_per_rule: int = _limit(1_000, "findings of one rule in one file")


def describe() -> list[tuple[str, int, str]]:
    """(key, default, what) of every limit, in the table's order."""
    return [(f.name, f.default, f.metadata["what"]) for f in fields(Limits)]


def markdown_table() -> str:
    """The README's table of ``[limits]``."""
    rows = ["| key | default | what |", "|---|---|---|"]
    rows += [f"| `{key}` | {default:,} | {what} |" for key, default, what in describe()]
    return "\n".join(rows) + "\n"


class Exceeded(Exception):
    """A budget is spent: the value being built becomes UNKNOWN."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message
        self.everything = key in _EVERYTHING  # every value left is unknown, not just this one

    def __str__(self) -> str:
        return f"{self.message} ([limits] {self.key})"


_EVERYTHING = ("eval_steps", "eval_seconds")
_CLOCK_EVERY = 1024  # evaluation steps between two looks at the clock


class Budget:
    """What one scan spends against its ``Limits``. Evaluation budgets (steps, bytes, time)
    start again for each Terraform root module (``start``); each budget exceeded is reported
    once per root module (``report``)."""

    def __init__(self, limits: Limits | None = None, clock: Any = time.monotonic):
        self.limits = limits or Limits()
        self.clock = clock
        self.start()

    def start(self) -> None:
        self.steps = 0
        self.bytes = 0
        self.deadline = self.clock() + self.limits.eval_seconds
        self.spent: dict[str, tuple[str, int, str]] = {}  # key -> (path, line, message)
        self.sizes: dict[int, tuple[Any, int]] = {}  # id(list or dict) -> (it, its size)

    # -- the checks ---------------------------------------------------------------------------
    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.eval_steps:
            raise Exceeded(
                "eval_steps", f"evaluation stopped after {self.limits.eval_steps:,} steps"
            )
        if self.steps % _CLOCK_EVERY == 0 and self.clock() > self.deadline:
            self.steps = self.limits.eval_steps  # every later step fails at once
            raise Exceeded(
                "eval_seconds",
                f"evaluation stopped after {self.limits.eval_seconds:,} seconds",
            )

    def items(self, count: int) -> None:
        """About to build a list or map of ``count`` elements."""
        if count > self.limits.list_length:
            raise Exceeded(
                "list_length",
                f"a list of {count:,} elements is longer than {self.limits.list_length:,}",
            )
        self._spend(count * 8)

    def text(self, length: int) -> None:
        """About to build a string of ``length`` characters."""
        self._fits(length, "a string")
        self._spend(length)

    def value(self, value: Any) -> None:
        """A list or map was built: it must fit ``value_bytes`` once its shared parts are
        counted as many times as they appear (measured once per list or map, so building
        ``[x, x]`` costs two steps, not the size of ``x``)."""
        self._fits(self.size(value), "a value")

    def size(self, value: Any) -> int:
        """About the length of ``value`` as JSON text."""
        if isinstance(value, str):
            return len(value) + 2
        if not isinstance(value, list | dict):
            return 8
        known = self.sizes.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        self._spend(16 + 8 * len(value))
        if isinstance(value, dict):
            total = 2 + sum(self.size(k) + self.size(v) + 2 for k, v in value.items())
        else:
            total = 2 + sum(self.size(v) + 1 for v in value)
        self.sizes[id(value)] = (value, total)
        return total

    def _fits(self, size: int, what: str) -> None:
        if size > self.limits.value_bytes:
            raise Exceeded(
                "value_bytes",
                f"{what} of {size:,} bytes is larger than {self.limits.value_bytes:,}",
            )

    def _spend(self, size: int) -> None:
        self.bytes += size
        if self.bytes > self.limits.eval_bytes:
            raise Exceeded(
                "eval_bytes",
                f"evaluation built more than {self.limits.eval_bytes:,} bytes",
            )

    # -- reporting ----------------------------------------------------------------------------
    def note(self, exc: Exceeded, path: str, line: int) -> None:
        self.spent.setdefault(exc.key, (path, line, str(exc)))

    def report(self, diagnostics: list) -> None:
        """One diagnostic per budget exceeded since ``start``."""
        from infralint.model import Diagnostic

        for path, line, message in self.spent.values():
            diagnostics.append(
                Diagnostic(
                    path, f"{message}; what is beyond it is unknown", line, "warning", "evaluate"
                )
            )
        self.spent = {}


if __name__ == "__main__":  # python -m infralint.limits: the README's table
    print(markdown_table(), end="")
