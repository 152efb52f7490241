"""The vocabulary every stage shares: locations, values that may be unknown, resources,
findings and diagnostics.

Values in the graph are plain Python (str, int, float, bool, None, list, dict) plus three
markers defined here:

- ``Unknown``: the value cannot be known statically (a variable without value, a function we do
  not evaluate, a runtime attribute). Rules never fire on it.
- ``Ref``: a reference to another resource (``aws_security_group.db.id``, ``!Ref Db``). It is
  not a literal, and it is how the graph gets its edges.
- ``Choice``: several possible values (CloudFormation ``Fn::If`` with an unknown condition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file: 1-based lines, 1-based columns, ``end_col`` exclusive (as SARIF)."""

    line: int
    end_line: int
    col: int = 1
    end_col: int = 0


class Unknown:
    """A value that cannot be known without running Terraform / CloudFormation / Compose."""

    __slots__ = ("reason", "expr", "path", "span", "source")

    def __init__(
        self,
        reason: str,
        expr: str = "",
        path: str = "",
        span: Span | None = None,
        source: str = "",
    ):
        self.reason = reason
        self.expr = expr  # the expression as written (shown by --show-unknown)
        self.path = path
        self.span = span
        # what the value is made of, when a rule may judge it by that (CloudFormation
        # "!Ref Parameter", "!Sub text")
        self.source = source

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"

    def __bool__(self) -> bool:  # an unknown is never "true enough" to fire a rule
        return False


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another resource's attribute (its value exists only at deploy time)."""

    address: str
    attribute: str | None = None

    def __str__(self) -> str:
        return f"{self.address}.{self.attribute}" if self.attribute else self.address


@dataclass(frozen=True, slots=True)
class Choice:
    """One of several values, e.g. both branches of ``Fn::If`` when the condition is unknown."""

    options: tuple


def possible(value: Any) -> list:
    """Every concrete value ``value`` may take (Choices expanded, Unknowns dropped)."""
    if isinstance(value, Choice):
        out: list = []
        for option in value.options:
            out.extend(possible(option))
        return out
    if isinstance(value, Unknown):
        return []
    return [value]


def is_literal(value: Any) -> bool:
    """True for a value written as-is in the source (no reference, no unknown, no choice)."""
    if isinstance(value, Unknown | Ref | Choice):
        return False
    if isinstance(value, list):
        return all(is_literal(v) for v in value)
    if isinstance(value, dict):
        return all(is_literal(v) for v in value.values())
    return True


def as_bool(value: Any) -> bool | None:
    """Terraform and CloudFormation accept "true"/"false" strings for booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_list(value: Any) -> list:
    """A single value or a list, as a list (``Action: "s3:*"`` and ``Action: [...]`` alike)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


@dataclass(slots=True)
class Origin:
    """Where a value was really written, when it flowed in from elsewhere (a variable default,
    a tfvars file, a CloudFormation parameter default)."""

    path: str
    span: Span
    via: str  # e.g. "var.db_password", "parameter DbPassword"


@dataclass(eq=False)
class Resource:
    """One node of the graph: a Terraform resource/data source, a CloudFormation resource or
    a compose service."""

    address: str  # aws_db_instance.main, module.db.aws_db_instance.this, Database, services.db
    type: str  # aws_db_instance, AWS::RDS::DBInstance, compose_service
    format: str  # terraform, cloudformation, compose
    path: str  # the file, relative to the scan root, posix separators
    span: Span
    attrs: dict[str, Any]
    scope: str = ""  # the module directory / template / compose project it lives in
    spans: dict[tuple, Span] = field(default_factory=dict)  # attribute path -> span
    origins: dict[tuple, Origin] = field(default_factory=dict)  # attribute path -> origin
    refs: set[str] = field(default_factory=set)  # addresses this resource refers to
    span_files: dict[tuple, str] = field(default_factory=dict)  # attribute path -> its file,
    # when not ``path`` (a compose override or ``extends`` base file)
    module_call: str = ""  # for module resources: the call that instantiated it, with location
    meta: dict[str, Any] = field(default_factory=dict)  # format-specific extras

    @property
    def key(self) -> str:
        return f"{self.scope}::{self.address}"

    def get(self, *path: Any, default: Any = None) -> Any:
        value: Any = self.attrs
        for step in path:
            if (
                isinstance(value, dict)
                and step in value
                or isinstance(value, list)
                and isinstance(step, int)
                and -len(value) <= step < len(value)
            ):
                value = value[step]
            else:
                return default
        return value

    def location(self, path: tuple = ()) -> tuple[str, Span]:
        """(file, span) of the attribute at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path:
            span = self.spans.get(path)
            if span is not None:
                return self.span_files.get(path, self.path), span
            path = path[:-1]
        return self.span_files.get((), self.path), self.span

    def span_of(self, path: tuple = ()) -> Span:
        """The span of the attribute at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path:
            span = self.spans.get(path)
            if span is not None:
                return span
            path = path[:-1]
        return self.span


def rule_order(rule_id: str) -> tuple:
    """Sort key of a rule id in natural order: ``IL101`` < ``IL901`` < ``IL1001``."""
    head = rule_id.rstrip("0123456789")
    tail = rule_id[len(head) :]
    return (head, int(tail) if tail else -1, rule_id)


@dataclass(slots=True)
class Finding:
    rule_id: str
    rule_name: str
    category: str
    severity: Severity
    message: str
    resource: str
    path: str
    span: Span
    attribute: str = ""  # dotted attribute path, part of the fingerprint
    suppressed: bool = False
    suppression_reason: str = ""
    redact: tuple[str, ...] = ()  # secret values that must never be printed

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.col, self.rule_id, self.resource)


@dataclass(slots=True)
class Diagnostic:
    """A problem with the input or the tool, not with the infrastructure."""

    path: str
    message: str
    line: int = 0
    level: str = "error"  # error | warning | info
    stage: str = ""  # read | parse | evaluate | check
    internal: bool = False  # the tool failed (an unexpected exception), not the input

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.message)

    @classmethod
    def failure(
        cls, path: str, stage: str, exc: BaseException, line: int = 0, what: str = ""
    ) -> Diagnostic:
        """An unexpected exception while handling ``path`` at ``stage`` (``what``: the rule or
        resource concerned): the scan goes on without that piece."""
        where = f" ({what})" if what else ""
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        return cls(
            path,
            f"internal error while {_STAGE_VERBS.get(stage, stage)}{where}: "
            f"{type(exc).__name__}{': ' + detail if detail else ''}",
            line,
            "error",
            stage,
            internal=True,
        )


_STAGE_VERBS = {
    "read": "reading",
    "parse": "parsing",
    "evaluate": "evaluating",
    "facts": "deriving facts",
    "check": "checking",
}
