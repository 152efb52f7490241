"""The value of a fact field: written in the source, defaulted, or unknown.

Every field a rule judges is a ``Value``: what the source says (``EXPLICIT``, with the
attribute path and, when it is not the resource's own attribute, its span), the default AWS
applies when the attribute is not written (``DEFAULT``; the adapter of each format decides that
default and says why in ``reason``), or a value that cannot be known before deployment
(``UNKNOWN``, with the reason). A default of ``None`` means no fixed default applies.

``value`` may be a plain value, a ``Choice`` of possible values (both branches of a condition)
or a ``Ref``; ``possible()`` lists the concrete values it may take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from infralint.model import Span, Unknown, as_bool, possible

T = TypeVar("T")

EXPLICIT = "explicit"
DEFAULT = "default"
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Value(Generic[T]):
    value: Any  # T, a Choice or Ref of T, the default (DEFAULT) or an Unknown (UNKNOWN)
    origin: str = EXPLICIT  # explicit | default | unknown
    path: tuple = ()  # the attribute inside the resource (for a default: where it would go)
    span: Span | None = None  # where it is written, when the resource does not locate ``path``
    reason: str = ""  # DEFAULT: the default relied on; UNKNOWN: why it is not known

    @property
    def explicit(self) -> bool:
        return self.origin == EXPLICIT

    @property
    def defaulted(self) -> bool:
        return self.origin == DEFAULT

    @property
    def unknown(self) -> bool:
        return self.origin == UNKNOWN

    def possible(self) -> list:
        """Every concrete value this may be (an unknown has none)."""
        return possible(self.value)

    def any(self, test: Callable[[Any], bool]) -> bool:
        """Whether one of the possible values passes ``test``."""
        return any(test(v) for v in self.possible())

    def may_be_true(self) -> bool:
        """Whether one of the possible values is true (``true`` or ``"true"``)."""
        return self.any(lambda v: as_bool(v) is True)

    def may_be_false(self) -> bool:
        """Whether one of the possible values is false (``false`` or ``"false"``)."""
        return self.any(lambda v: as_bool(v) is False)

    @property
    def why(self) -> str:
        """`` (the default relied on)`` for a defaulted value, else ``""`` (for messages)."""
        return f" ({self.reason})" if self.defaulted and self.reason else ""


def known(value: Any, path: tuple = (), span: Span | None = None) -> Value:
    """A value written in the source at ``path`` (an ``Unknown`` stays unknown)."""
    if isinstance(value, Unknown):
        return Value(value, UNKNOWN, tuple(path), span, value.reason)
    return Value(value, EXPLICIT, tuple(path), span)


def default(value: Any = None, reason: str = "", path: tuple = ()) -> Value:
    """The attribute at ``path`` is not written: ``value`` applies, for ``reason``."""
    return Value(value, DEFAULT, tuple(path), None, reason)


ABSENT: Value = default()  # not written, and no default matters


def attr(res: Any, *path: Any, absent: Any = None, reason: str = "") -> Value:
    """The attribute at ``path``: as written, or ``absent`` (for ``reason``) when it is not."""
    value = res.get(*path, default=_MISSING)
    if value is _MISSING:
        return default(absent, reason, tuple(path))
    return known(value, tuple(path))


def item(rule: dict, key: str, path: tuple, absent: Any = None, reason: str = "") -> Value:
    """The ``key`` of a nested block ``rule`` found at ``path``, like ``attr``."""
    if key not in rule:
        return default(absent, reason, path + (key,))
    return known(rule[key], path + (key,))


_MISSING = object()
