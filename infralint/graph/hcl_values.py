"""The values HCL evaluation produces, and the conversions every part of it shares
(``infralint.graph.hcl_eval`` and ``infralint.graph.hcl_functions`` both build on this)."""

from __future__ import annotations

import json
from typing import Any

from infralint.model import Choice, Ref, Unknown, is_literal

MAX_NUMBER_BITS = 1024  # integers beyond this (far beyond float) are not computed


class EvalError(Exception):
    """A definite error (missing attribute, wrong type): ``try()`` moves on, otherwise UNKNOWN."""


class Encoded:
    """``jsonencode`` of a value that is not fully known: keeps the structure for policy rules."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return f"Encoded({self.value!r})"


def decode_json(value: Any) -> Any:
    """A policy-like value as a structure: parses JSON strings, unwraps ``Encoded``."""
    if isinstance(value, Encoded):
        return value.value
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "{[":
            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                return Unknown("not valid JSON")
    return value


MAX_REASON = 300  # a chain of unknowns explains itself in this many characters


def why(value: Any) -> str:
    """Why a value is not known, in words (a reason built on reasons stays short)."""
    if isinstance(value, Unknown):
        reason = value.reason
        return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"
    if isinstance(value, Ref):
        return f"{value} is known only after apply"
    if isinstance(value, Choice):
        return "one of several values"
    if isinstance(value, list | dict):
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if not is_literal(item):
                return why(item)
    return "not known"


def number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("expected a number, got a boolean")
    if isinstance(value, int):
        if value.bit_length() > MAX_NUMBER_BITS:
            raise EvalError("number too large to be evaluated")
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        try:
            return number(int(value))
        except ValueError:
            try:
                return float(value)
            except ValueError:
                pass
    raise EvalError(f"expected a number, got {value!r}")


def to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def to_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
        raise EvalError("number too large to be evaluated")
    return str(value)
