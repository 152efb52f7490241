"""CloudFormation templates → graph resources, with the intrinsic functions resolved.

``Ref`` to a parameter gives its value (``--cfn-params``, else its ``Default``), ``Ref`` /
``Fn::GetAtt`` to a resource give ``Ref`` values (graph edges), ``Fn::If`` gives the branch its
condition selects, or both as a ``Choice`` when the condition cannot be known. Parameters are
resources too (type ``AWS::CloudFormation::Parameter``), so rules can judge their defaults.
"""

from __future__ import annotations

import re
from typing import Any

from infralint.limits import Budget, Exceeded
from infralint.model import Choice, Diagnostic, Origin, Ref, Resource, Span, Unknown, is_literal
from infralint.parse import Document

PARAMETER_TYPE = "AWS::CloudFormation::Parameter"
_NOVALUE = object()
_PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")
MAX_DEPTH = 100
_NO_SPAN = Span(0, 0)


def build(
    path: str,
    doc: Document,
    diagnostics: list[Diagnostic],
    params: dict[str, Any] | None = None,
    budget: Budget | None = None,
    scope: str = "",
) -> list[Resource]:
    """The resources of one template, evaluated on a budget of their own (``budget``: the
    scan's; one diagnostic per budget the template exceeds). ``scope`` names the template
    (its path unless it is a later document of a YAML stream)."""
    template = doc.value
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        diagnostics.append(
            Diagnostic(
                path,
                "CloudFormation template without a Resources mapping",
                min((span.line for span in doc.spans.values()), default=1),
                "warning",
                "evaluate",
            )
        )
        return []
    budget = budget if budget is not None else Budget()
    budget.start()
    try:
        template = _Template(path, doc, diagnostics, params or {}, budget, scope or path)
        return template.resources()
    finally:
        budget.report(diagnostics)


class _Template:
    def __init__(
        self,
        path: str,
        doc: Document,
        diagnostics: list[Diagnostic],
        params: dict[str, Any],
        budget: Budget,
        scope: str,
    ):
        self.path = path
        self.scope = scope
        self.budget = budget
        self.doc = doc
        self.template: dict = doc.value
        self.diagnostics = diagnostics
        self.params = params
        self.parameters = _mapping(self.template.get("Parameters"))
        self.conditions = _mapping(self.template.get("Conditions"))
        self.mappings = _mapping(self.template.get("Mappings"))
        self.resource_ids = {k for k in self.template["Resources"] if isinstance(k, str)}
        self._conditions: dict[str, Any] = {}
        self._busy: set[str] = set()
        transform = self.template.get("Transform")
        self.macro = False  # a macro rewrites the template: what is written is not what deploys
        for name in transform if isinstance(transform, list) else [transform]:
            if isinstance(name, str) and name not in (
                "AWS::Serverless-2016-10-31",
                "AWS::LanguageExtensions",
            ):
                self.macro = True
                diagnostics.append(
                    Diagnostic(
                        path,
                        f"transform {name!r} is not expanded; "
                        "resources it would create are not scanned",
                        doc.spans.get(("Transform",), _NO_SPAN).line,
                        "info",
                        "evaluate",
                    )
                )

    def resources(self) -> list[Resource]:
        out = [  # a name that is not a string (a YAML null or number key) cannot be referenced
            self.parameter(name, value)
            for name, value in self.parameters.items()
            if isinstance(name, str)
        ]
        for logical_id, body in self.template["Resources"].items():
            where = self.doc.spans.get(("Resources", logical_id))
            line = where.line if where else 0
            if isinstance(logical_id, str) and logical_id.startswith("Fn::ForEach"):
                self.diagnostics.append(
                    Diagnostic(
                        self.path,
                        f"{logical_id}: Fn::ForEach is not expanded; its resources are not scanned",
                        line,
                        "info",
                        "evaluate",
                    )
                )
                continue
            if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
                self.diagnostics.append(
                    Diagnostic(
                        self.path,
                        f"resource {logical_id}: Type must be a string; resource skipped",
                        line,
                        "warning",
                        "evaluate",
                    )
                )
                continue
            try:  # one resource that cannot be evaluated costs a diagnostic, not the template
                condition = body.get("Condition")
                if isinstance(condition, str) and self.condition(condition) is False:
                    continue
                out.append(self.resource(logical_id, body))
            except Exception as exc:
                self.diagnostics.append(
                    Diagnostic.failure(self.path, "evaluate", exc, line, str(logical_id))
                )
        return out

    def resource(self, logical_id: Any, body: dict) -> Resource:
        """``logical_id`` as the YAML has it (a number or a boolean is a key as well)."""
        prefix = ("Resources", logical_id)
        res = Resource(
            address=str(logical_id),
            type=body["Type"],
            format="cloudformation",
            path=self.path,
            span=self.doc.spans[prefix],
            attrs={},
            scope=self.scope,
            spans=self.doc.sub_spans(prefix + ("Properties",)),
            meta={
                "DeletionPolicy": body.get("DeletionPolicy"),
                "Metadata": body.get("Metadata"),
                "Condition": body.get("Condition"),
                "macro": self.macro,
                "spans": {
                    k: self.doc.spans[prefix + (k,)]
                    for k in body
                    if prefix + (k,) in self.doc.spans
                },
            },
        )
        props = body.get("Properties")
        if isinstance(props, dict):
            value = self.resolve(props, (), res, 0)
            res.attrs = value if isinstance(value, dict) else {}
        for dep in _list(body.get("DependsOn")):
            if isinstance(dep, str):
                res.refs.add(dep)
        return res

    def parameter(self, name: str, definition: Any) -> Resource:
        prefix = ("Parameters", name)
        res = Resource(
            address=name,
            type=PARAMETER_TYPE,
            format="cloudformation",
            path=self.path,
            span=self.doc.spans[prefix],
            attrs=definition if isinstance(definition, dict) else {},
            scope=self.scope,
            spans=self.doc.sub_spans(prefix),
        )
        res.meta["given"] = name in self.params
        return res

    # -- intrinsic functions ------------------------------------------------------------------
    def resolve(self, value: Any, path: tuple, res: Resource, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return Unknown("nested too deeply")
        try:
            self.budget.step()
        except Exceeded as exc:  # YAML aliases can make a small template a huge tree
            self.budget.note(exc, self.path, res.span.line)
            return Unknown(str(exc))
        if isinstance(value, list):
            items = [self.resolve(v, path + (i,), res, depth + 1) for i, v in enumerate(value)]
            return [v for v in items if v is not _NOVALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                result = self.intrinsic(key, arg, path, res, depth)
                if isinstance(result, Unknown) and not result.path and res.path:
                    # located where it is written, for --show-unknown
                    result = Unknown(
                        result.reason, result.expr, res.path, res.span_of(path), result.source
                    )
                return result
        out = {}
        for k, v in value.items():
            resolved = self.resolve(v, path + (k,), res, depth + 1)
            if resolved is not _NOVALUE:
                out[k] = resolved
        return out

    def join(self, separator: str, texts: list[str], res: Resource) -> Any:
        """``Fn::Join``, once the budget allows a string that long."""
        try:
            self.budget.text(sum(map(len, texts)) + len(separator) * len(texts))
        except Exceeded as exc:
            self.budget.note(exc, self.path, res.span.line)
            return Unknown(str(exc))
        return separator.join(texts)

    def intrinsic(self, fn: str, arg: Any, path: tuple, res: Resource, depth: int) -> Any:
        if fn == "Ref":
            return self.ref(arg, path, res)
        if fn == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else _list(arg)
            if parts and isinstance(parts[0], str):
                res.refs.add(parts[0])
                return Ref(parts[0], str(parts[1]) if len(parts) > 1 else None)
            return Unknown("Fn::GetAtt with a computed name")
        if fn == "Fn::If":
            if not isinstance(arg, list) or len(arg) != 3:
                return Unknown("malformed Fn::If")
            test = self.condition(arg[0]) if isinstance(arg[0], str) else Unknown("condition")
            if test is True or test is False:
                index = 1 if test else 2
                return self.resolve(arg[index], path, res, depth + 1)
            branches = [self.resolve(a, path, res, depth + 1) for a in arg[1:]]
            return Choice(tuple(None if b is _NOVALUE else b for b in branches))
        args = self.resolve(arg, path, res, depth + 1)
        if fn == "Fn::Sub":
            return self.sub(args, res, path)
        if fn == "Fn::Join":
            if (
                isinstance(args, list)
                and len(args) == 2
                and isinstance(args[1], list)
                and all(
                    isinstance(v, str | int | float) and not isinstance(v, bool) for v in args[1]
                )
            ):
                return self.join(str(args[0]), [str(v) for v in args[1]], res)
            return Unknown("Fn::Join over values not known")
        if fn == "Fn::Select":
            if isinstance(args, list) and len(args) == 2 and isinstance(args[1], list):
                try:
                    return args[1][int(args[0])]
                except (ValueError, TypeError, IndexError, OverflowError):
                    return Unknown("Fn::Select index not known")
            return Unknown("Fn::Select over values not known")
        if fn == "Fn::Split":
            if isinstance(args, list) and len(args) == 2 and all(isinstance(a, str) for a in args):
                if not args[0]:
                    return Unknown("Fn::Split with an empty delimiter")
                return args[1].split(args[0])
            return Unknown("Fn::Split of a value not known")
        if fn == "Fn::FindInMap":
            return self.find_in_map(args)
        if fn == "Fn::Base64":
            return args
        if fn == "Fn::ToJsonString":
            if is_literal(args):
                import json

                return json.dumps(args, separators=(",", ":"))
            return Unknown("Fn::ToJsonString of values not known")
        if fn == "Fn::Length":
            return len(args) if isinstance(args, list) else Unknown("Fn::Length of unknown list")
        return Unknown(f"{fn} is known only at deploy time")

    def ref(self, name: Any, path: tuple, res: Resource) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref to a computed name")
        if name == "AWS::NoValue":
            return _NOVALUE
        if name in _PSEUDO:
            return _PSEUDO[name]
        if name.startswith("AWS::"):
            return Unknown(f"pseudo parameter {name} is known only at deploy time")
        if name in self.parameters:
            value, origin = self.parameter_value(name)
            if origin is not None:
                res.origins[path] = origin
            if isinstance(value, Unknown) and not value.expr:
                value = Unknown(value.reason, source=f"!Ref {name}")
            res.refs.add(name)
            return value
        res.refs.add(name)
        return Ref(name)

    def parameter_value(self, name: str) -> tuple[Any, Origin | None]:
        """(value, origin) of a parameter. CloudFormation passes every parameter value as a
        string (``Default: true`` is ``"true"``); list types are lists of strings."""
        definition = self.parameters.get(name)
        listed = isinstance(definition, dict) and (
            str(definition.get("Type", "")).startswith("List<")
            or definition.get("Type") == "CommaDelimitedList"
        )
        if name in self.params:
            return _parameter_text(self.params[name], listed), None
        if isinstance(definition, dict) and "Default" in definition:
            span = self.doc.spans.get(("Parameters", name, "Default"))
            origin = Origin(self.path, span, f"default of parameter {name}") if span else None
            return _parameter_text(definition["Default"], listed), origin
        return Unknown(f"parameter {name} has no default (pass it with --cfn-params)"), None

    def sub(self, args: Any, res: Resource, path: tuple = ()) -> Any:
        if isinstance(args, str):
            text, variables = args, {}
        elif isinstance(args, list) and args and isinstance(args[0], str):
            text = args[0]
            variables = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
        else:
            return Unknown("Fn::Sub of a value not known")
        unknown: list[str] = []

        def replace(match: re.Match) -> str:
            name = match.group(1).strip()
            if name in variables:
                value = variables[name]
            elif "." in name and name.split(".", 1)[0] in self.resource_ids:
                res.refs.add(name.split(".", 1)[0])
                value = Ref(*name.split(".", 1))
            else:
                value = self.ref(name, path, res)  # the origin is this attribute's
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value)
            unknown.append(name)
            return match.group(0)

        result = _SUB_VAR.sub(replace, text)
        if unknown:
            why = f"Fn::Sub uses {', '.join(unknown)}, known only at deploy time"
            return Unknown(why, text, source=f"!Sub {text}")
        return result.replace("${!", "${")

    def find_in_map(self, args: Any) -> Any:
        if not (
            isinstance(args, list) and len(args) >= 3 and all(isinstance(a, str) for a in args[:3])
        ):
            return Unknown("Fn::FindInMap with keys not known")
        try:
            return self.mappings[args[0]][args[1]][args[2]]
        except (KeyError, TypeError):
            if len(args) > 3 and isinstance(args[3], dict) and "DefaultValue" in args[3]:
                return args[3]["DefaultValue"]
            return Unknown("Fn::FindInMap key not found")

    def condition(self, name: str) -> Any:
        if name in self._conditions:
            return self._conditions[name]
        if name in self._busy or name not in self.conditions:
            return Unknown(f"condition {name} is not known")
        self._busy.add(name)
        try:
            value = self.condition_value(self.conditions[name], 0)
        finally:
            self._busy.discard(name)
        self._conditions[name] = value
        return value

    def condition_value(self, expr: Any, depth: int) -> Any:
        if depth > MAX_DEPTH or not isinstance(expr, dict) or len(expr) != 1:
            return Unknown("condition not known")
        ((fn, arg),) = expr.items()
        if fn == "Condition" and isinstance(arg, str):
            return self.condition(arg)
        if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            scratch = Resource("", "", "", "", _NO_SPAN, {})
            a, b = (self.resolve(v, (), scratch, depth + 1) for v in arg)
            if is_literal(a) and is_literal(b):
                return cfn_string(a) == cfn_string(b)
            return Unknown("Fn::Equals of values not known")
        if fn in ("Fn::And", "Fn::Or") and isinstance(arg, list):
            values = [self.condition_value(a, depth + 1) for a in arg]
            if fn == "Fn::And" and any(v is False for v in values):
                return False
            if fn == "Fn::Or" and any(v is True for v in values):
                return True
            if all(isinstance(v, bool) for v in values):
                return fn == "Fn::And"
            return Unknown("condition not known")
        if fn == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
            value = self.condition_value(arg[0], depth + 1)
            return (not value) if isinstance(value, bool) else value
        return Unknown("condition not known")


def cfn_string(value: Any) -> str:
    """A scalar as CloudFormation reads it: ``true``/``false`` in lower case, numbers as
    written (``5432``, ``1.5``), strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parameter_text(value: Any, listed: bool) -> Any:
    """A parameter value as CloudFormation passes it: a string, or a list of strings for the
    list types (given as a list or comma-separated)."""
    if isinstance(value, list):
        return [cfn_string(v) if isinstance(v, str | int | float) else v for v in value]
    if not isinstance(value, str | int | float):
        return value
    text = cfn_string(value)
    return [v.strip() for v in text.split(",")] if listed else text


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
