"""Terraform modules → graph resources, evaluated the way Terraform reads them.

A module is a directory of ``.tf`` files. Root modules take variable values from defaults,
``TF_VAR_*``, ``terraform.tfvars(.json)``, ``*.auto.tfvars(.json)`` (lexical order) and the
command line's ``--var-file`` / ``--var``, in Terraform's precedence. Local module calls
(``source = "./..."``) are evaluated with their inputs; their resources get addresses
``module.<name>.<type>.<name>``.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from infralint.files import Refused, read_text
from infralint.graph import hcl_types
from infralint.graph.hcl_eval import Evaluator, to_string
from infralint.limits import Budget
from infralint.model import Diagnostic, Origin, Ref, Resource, Span, Unknown, is_literal
from infralint.parse import duplicate_path, json_doc
from infralint.parse import hcl_ast as ast
from infralint.parse.terraform import Attribute, Block, Body, HclFile

MAX_MODULE_DEPTH = 10
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
_RUNTIME_ATTRIBUTES = {"id", "arn", "json", "minified_json", "outputs"}
_META_ARGS = {
    "count",
    "for_each",
    "depends_on",
    "provider",
    "providers",
    "lifecycle",
    "source",
    "version",
}


@dataclass
class VarValue:
    value: Any
    origin: Origin | None = None


@dataclass
class Inputs:
    """Values given to a module's variables, and where they were written."""

    values: dict[str, VarValue] = field(default_factory=dict)


@dataclass
class TerraformConfig:
    """Options from the command line."""

    vars: dict[str, str] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)


class Module:
    def __init__(
        self,
        loader: ModuleLoader,
        directory: str,
        files: list[HclFile],
        inputs: Inputs,
        prefix: str = "",
        call: str = "",
        depth: int = 0,
        root_dir: str | None = None,
        ancestors: tuple[str, ...] = (),
    ):
        self.loader = loader
        self.dir = directory
        self.root_dir = directory if root_dir is None else root_dir  # where .terraform lives
        self.files = files
        self.inputs = inputs
        self.prefix = prefix
        self.call = call
        self.depth = depth
        self.ancestors = ancestors + (directory,)  # the calls that led here, and this one
        self.variables: dict[str, tuple[Block, HclFile]] = {}
        self.locals: dict[str, tuple[Attribute, HclFile]] = {}
        self.outputs: dict[str, tuple[Attribute, HclFile]] = {}
        self.blocks: dict[str, tuple[Block, HclFile]] = {}  # "type.name" / "data.type.name"
        self.calls: dict[str, tuple[Block, HclFile]] = {}
        self._values: dict[str, Any] = {}
        self._busy: set[str] = set()
        self.children: dict[str, list[Module]] = {}
        for f in files:
            for block in f.body.blocks:
                self._declare(block, f)

    def _declare(self, block: Block, f: HclFile) -> None:
        labels = block.labels
        if block.type == "variable" and labels:
            self.variables[labels[0]] = (block, f)
        elif block.type == "locals":
            for name, attr in block.body.attributes.items():
                self.locals[name] = (attr, f)
        elif block.type == "output" and labels:
            if "value" in block.body.attributes:
                self.outputs[labels[0]] = (block.body.attributes["value"], f)
        elif block.type in ("resource", "data") and len(labels) >= 2:
            key = ("data." if block.type == "data" else "") + f"{labels[0]}.{labels[1]}"
            if key in self.blocks:
                first = self.blocks[key][1].path
                self.loader.diagnostics.append(
                    Diagnostic(
                        f.path,
                        f"{key} is declared twice (also in {first}); the last one is scanned",
                        block.span.line,
                        "error",
                        "evaluate",
                    )
                )
            self.blocks[key] = (block, f)
        elif block.type == "module" and labels:
            self.calls[labels[0]] = (block, f)
        elif block.type == "provider" and labels:
            name = literal_text(block.body.attributes.get("alias"))
            self.blocks[f"provider.{labels[0]}" + (f".{name}" if name else "")] = (block, f)

    # -- the scope of names -------------------------------------------------------------------
    def evaluator(self, f: HclFile, frame: dict | None = None) -> Evaluator:
        ev = Evaluator(self.scope, f.path, f.text, self.loader.budget)
        if frame:
            ev.locals.append(frame)
        return ev

    def scope(self, root: str, steps: list) -> tuple[Any, int]:
        if root == "var" and steps:
            return self.variable(str(steps[0])).value, 1
        if root == "local" and steps:
            return self.local(str(steps[0])), 1
        if root == "path" and steps:
            return (self.dir if steps[0] == "module" else "."), 1
        if root == "terraform" and steps:
            return ("default" if steps[0] == "workspace" else Unknown("terraform.* value")), 1
        if root == "module" and steps:
            return self.module_output(str(steps[0]), steps[1:])
        if root == "data" and len(steps) >= 2:
            key = f"data.{steps[0]}.{steps[1]}"
            if key in self.blocks:
                return _View(self, key), 2
            return Unknown(f"no data source {key} in this module"), 2
        if root in ("count", "each", "self"):
            return Unknown(f"{root}.* outside of a count/for_each"), 0
        if steps:
            key = f"{root}.{steps[0]}"
            if key in self.blocks:
                return _View(self, key), 1
            return Unknown(f"no resource {key} in this module"), 1
        raise KeyError(root)

    def variable(self, name: str) -> VarValue:
        key = f"typed.{name}"
        if key not in self._values:
            self._values[key] = self._typed(name, self._variable(name))
        return self._values[key]

    def _typed(self, name: str, given: VarValue) -> VarValue:
        """The variable's value converted to its ``type`` (``optional()`` defaults applied)."""
        declared = self.variables.get(name)
        type_attr = declared[0].body.attributes.get("type") if declared else None
        if type_attr is None or given.value is None:
            return given
        value = hcl_types.convert(self.evaluator(declared[1]), type_attr.expr, given.value)
        return given if value is given.value else VarValue(value, given.origin)

    def _variable(self, name: str) -> VarValue:
        given = self.inputs.values.get(name)
        if given is not None:
            return given
        declared = self.variables.get(name)
        if declared is None:
            return VarValue(Unknown(f"variable {name!r} is not declared"))
        block, f = declared
        default = block.body.attributes.get("default")
        if default is None:
            return VarValue(Unknown(f"variable {name!r} has no value (no default, no tfvars)"))
        key = f"var.{name}"
        if key in self._busy:
            return VarValue(Unknown(f"the default of variable {name!r} refers to itself"))
        if key not in self._values:
            self._busy.add(key)
            try:
                value = self.evaluator(f).evaluate(default.expr)
            finally:
                self._busy.discard(key)
            self._values[key] = VarValue(
                value, Origin(f.path, default.span, f"default of var.{name}")
            )
        return self._values[key]

    def local(self, name: str) -> Any:
        key = f"local.{name}"
        if key in self._values:
            return self._values[key]
        declared = self.locals.get(name)
        if declared is None:
            return Unknown(f"local {name!r} is not defined")
        if key in self._busy:
            return Unknown(f"local {name!r} refers to itself")
        self._busy.add(key)
        attr, f = declared
        try:
            value = self.evaluator(f).evaluate(attr.expr)
        finally:
            self._busy.discard(key)
        self._values[key] = value
        return value

    def module_output(self, name: str, steps: list) -> tuple[Any, int]:
        children = self.child_modules(name)
        if not children:
            return Unknown(f"module {name!r} is not evaluated"), 1
        if len(children) > 1 or not steps:
            return Unknown(f"module.{name} output of an expanded module"), len(steps) + 1
        return children[0].output(str(steps[0])), 2

    def output(self, name: str) -> Any:
        declared = self.outputs.get(name)
        if declared is None:
            return Unknown(f"module output {name!r} is not declared")
        key = f"output.{name}"
        if key in self._busy:
            return Unknown(f"output {name!r} refers to itself")
        self._busy.add(key)
        try:
            attr, f = declared
            return self.evaluator(f).evaluate(attr.expr)
        finally:
            self._busy.discard(key)

    # -- module calls -------------------------------------------------------------------------
    def child_modules(self, name: str) -> list[Module]:
        if name in self.children:
            return self.children[name]
        self.children[name] = []
        declared = self.calls.get(name)
        if declared is None or self.depth >= MAX_MODULE_DEPTH:
            return []
        block, f = declared
        source_attr = block.body.attributes.get("source")
        source = self.evaluator(f).evaluate(source_attr.expr) if source_attr else None
        directory = self.loader.module_dir(
            self.dir, source, f, block, self.prefix + f"module.{name}", self.root_dir
        )
        if directory is None:
            return []
        if directory in self.ancestors:
            self.loader.diagnostics.append(
                Diagnostic(
                    f.path,
                    f"{self.prefix}module.{name} calls {directory!r}, which is already being "
                    "evaluated (a module cycle): it is not entered again",
                    block.span.line,
                    "warning",
                    "evaluate",
                )
            )
            return []
        try:
            files = self.loader.files_in(directory)
        except OSError as exc:  # a file, a dangling link, a directory that cannot be listed
            why = exc.strerror or type(exc).__name__
            missing = isinstance(exc, FileNotFoundError)  # as a remote module not downloaded
            self.loader.diagnostics.append(
                Diagnostic(
                    f.path,
                    f"module.{name}: its source directory {directory!r} cannot be listed "
                    f"({why}); the module's resources are not scanned",
                    block.span.line,
                    "info" if missing else "warning",
                    "read",
                )
            )
            return []
        if not files:
            return []
        for suffix, frame in self.instances(block, f):
            ev = self.evaluator(f, frame)
            inputs = Inputs()
            for arg, attr in block.body.attributes.items():
                if arg in _META_ARGS:
                    continue
                value = ev.evaluate(attr.expr)
                origin = self._origin_of(attr, f, frame) or Origin(
                    f.path, attr.span, f"module.{name} input {arg}"
                )
                inputs.values[arg] = VarValue(value, origin)
            call = f"module.{name}{suffix} ({f.path}:{block.span.line})"
            child = Module(
                self.loader,
                directory,
                files,
                inputs,
                prefix=f"{self.prefix}module.{name}{suffix}.",
                call=(self.call + " → " if self.call else "") + call,
                depth=self.depth + 1,
                root_dir=self.root_dir,
                ancestors=self.ancestors,
            )
            self.children[name].append(child)
        return self.children[name]

    # -- resources ----------------------------------------------------------------------------
    def instances(self, block: Block, f: HclFile) -> list[tuple[str, dict]]:
        """The (address suffix, name frame) of every instance count/for_each makes."""
        attrs = block.body.attributes
        ev = self.evaluator(f)
        if "count" in attrs:
            count = ev.evaluate(attrs["count"].expr)
            if not _finite_number(count):
                reason = count.reason if isinstance(count, Unknown) else "count is not a number"
                self.loader.note_unknown(f, attrs["count"].span, "count", reason)
                return [("", {"count": {"index": Unknown("count.index of an unknown count")}})]
            self._over_limit(f, attrs["count"], count)
            return [
                (f"[{i}]", {"count": {"index": i}})
                for i in range(min(int(count), self.loader.max_instances))
            ]
        if "for_each" in attrs:
            each = ev.evaluate(attrs["for_each"].expr)
            if isinstance(each, dict):
                items = list(each.items())
            elif isinstance(each, list) and all(isinstance(v, str) for v in each):
                items = [(v, v) for v in each]
            else:
                reason = (
                    each.reason if isinstance(each, Unknown) else "for_each is not a map or set"
                )
                self.loader.note_unknown(f, attrs["for_each"].span, "for_each", reason)
                unknown = Unknown("each.* of an unknown for_each")
                return [("", {"each": {"key": unknown, "value": unknown}})]
            self._over_limit(f, attrs["for_each"], len(items))
            return [
                (f"[{json.dumps(str(k))}]", {"each": {"key": str(k), "value": v}})
                for k, v in items[: self.loader.max_instances]
            ]
        return [("", {})]

    def _over_limit(self, f: HclFile, attr: Attribute, count: float) -> None:
        limit = self.loader.max_instances
        if count > limit:
            self.loader.diagnostics.append(
                Diagnostic(
                    f.path,
                    f"{attr.name} makes {count:,.0f} instances; "
                    f"only the first {limit:,} are scanned",
                    attr.span.line,
                    "warning",
                    "evaluate",
                )
            )

    def resources(self) -> list[Resource]:
        out: list[Resource] = []
        for key, (block, f) in self.blocks.items():
            try:  # one block that cannot be evaluated costs a diagnostic, not the module
                for suffix, frame in self.instances(block, f):
                    out.append(self.resource(key, block, f, suffix, frame))
            except RecursionError:
                self.loader.diagnostics.append(
                    Diagnostic(
                        f.path,
                        f"{self.prefix}{key} is nested too deeply to be evaluated",
                        block.span.line,
                        "error",
                        "evaluate",
                    )
                )
            except Exception as exc:
                self.loader.diagnostics.append(
                    Diagnostic.failure(f.path, "evaluate", exc, block.span.line, self.prefix + key)
                )
        for name in self.calls:
            for child in self.child_modules(name):
                out.extend(child.resources())
        return out

    def resource(self, key: str, block: Block, f: HclFile, suffix: str, frame: dict) -> Resource:
        kind = f"provider_{block.labels[0]}" if block.type == "provider" else block.labels[0]
        ev = self.evaluator(f, frame)
        res = Resource(
            address=f"{self.prefix}{key}{suffix}",
            type=kind,
            format="terraform",
            path=f.path,
            span=block.span,
            attrs={},
            scope=self.root_dir,  # addresses are unique per root module
            module_call=self.call,
            meta={
                "data": key.startswith("data."),
                "module_prefix": self.prefix,
                "labels": tuple(block.labels),
                "ignore_changes": ignored_changes(block),
            },
        )
        res.attrs = self.body_values(block.body, (), res, ev, f, frame)
        res.refs.update(ev.refs)
        return res

    def body_values(
        self, body: Body, path: tuple, res: Resource, ev: Evaluator, f: HclFile, frame: dict
    ) -> dict:
        values: dict = {}
        for name, attr in body.attributes.items():
            if name in ("count", "for_each", "depends_on", "provider"):
                continue
            values[name] = ev.evaluate(attr.expr)
            res.spans[path + (name,)] = attr.span
            record_spans(attr.expr, path + (name,), res.spans, f.text)
            origin = self._origin_of(attr, f, frame)
            if origin is not None:
                res.origins[path + (name,)] = origin
        for block in body.blocks:
            if block.type == "lifecycle":
                continue
            if block.type == "dynamic" and block.labels:
                self._dynamic(block, path, res, ev, f, frame, values)
                continue
            items = values.setdefault(block.type, [])
            if not isinstance(items, list):
                continue
            item_path = path + (block.type, len(items))
            res.spans[item_path] = block.span
            items.append(self.body_values(block.body, item_path, res, ev, f, frame))
        return values

    def _dynamic(
        self,
        block: Block,
        path: tuple,
        res: Resource,
        ev: Evaluator,
        f: HclFile,
        frame: dict,
        values: dict,
    ) -> None:
        name = block.labels[0]
        attrs = block.body.attributes
        iterator = name
        if "iterator" in attrs:
            iterator = to_string(ev.evaluate(attrs["iterator"].expr)) or name
        collection = ev.evaluate(attrs["for_each"].expr) if "for_each" in attrs else None
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        if content is None:
            return
        if isinstance(collection, dict):
            items = list(collection.items())
        elif isinstance(collection, list):
            items = list(enumerate(collection))
        else:
            reason = collection.reason if isinstance(collection, Unknown) else "not a collection"
            if "for_each" in attrs:
                self.loader.note_unknown(f, attrs["for_each"].span, f"dynamic {name}", reason)
            return
        entries = values.setdefault(name, [])
        self._over_limit(f, attrs["for_each"], len(items))
        for key, value in items[: self.loader.max_instances]:
            inner = dict(frame)
            inner[iterator] = {"key": key, "value": value}
            inner_ev = self.evaluator(f, inner)
            item_path = path + (name, len(entries))
            res.spans[item_path] = content.span
            entries.append(self.body_values(content.body, item_path, res, inner_ev, f, inner))
            res.refs.update(inner_ev.refs)

    def _origin_of(self, attr: Attribute, f: HclFile, frame: dict) -> Origin | None:
        """Where the value really comes from when the attribute is just ``var.x`` or
        ``local.x`` (so a committed secret is reported where it is written); a chain of bare
        locals is followed iteratively, and a cycle has no origin."""
        seen: set[str] = set()
        origin = None
        while (ref := bare_reference(attr.expr)) is not None:
            root, name = ref
            if root == "var":
                return self.variable(name).origin or origin
            if root != "local" or name not in self.locals or name in seen:
                return origin
            seen.add(name)
            attr, local_file = self.locals[name]
            origin = Origin(local_file.path, attr.span, f"local.{name}")
        return origin


class _View:
    """A resource or data source seen from an expression (``aws_security_group.db.id``)."""

    def __init__(self, module: Module, key: str):
        self.module = module
        self.key = key
        self.address = module.prefix + key

    def step(self, name: Any) -> Any:
        if isinstance(name, int | Unknown) or (isinstance(name, str) and name.startswith("[")):
            return self  # an instance of a counted resource: same configuration
        name = str(name)
        if self.key.startswith("data.aws_iam_policy_document.") and name in (
            "json",
            "minified_json",
        ):
            return Ref(self.address, name)
        if name in _RUNTIME_ATTRIBUTES:
            return Ref(self.address, name)
        block, f = self.module.blocks[self.key]
        attr = block.body.attributes.get(name)
        if attr is None or name in self.module._busy:
            return Ref(self.address, name)
        self.module._busy.add(name)
        try:
            value = self.module.evaluator(f).evaluate(attr.expr)
        finally:
            self.module._busy.discard(name)
        return value if is_literal(value) else Ref(self.address, name)


def bare_reference(expr: Any) -> tuple[str, str] | None:
    """("var", "x") for an expression that is exactly ``var.x`` (or ``"${var.x}"``)."""
    node = expr
    if type(node) is ast.Template and len(node.parts) == 1:
        node = node.parts[0]
    if type(node) is not ast.Traversal or type(node.source) is not ast.Variable:
        return None
    if len(node.steps) != 1 or type(node.steps[0]) is not ast.GetAttr:
        return None
    return node.source.name, node.steps[0].name


def record_spans(expr: Any, path: tuple, spans: dict[tuple, Span], text: str = "") -> None:
    """Spans of the literal structure inside an expression (object keys, list items, and JSON
    heredocs), so a finding can point at ``Action = "*"`` inside ``jsonencode({...})``.
    ``text``: the file's text, for a heredoc's positions."""
    kind = type(expr)
    if kind is ast.Parens:
        record_spans(expr.expr, path, spans, text)
    elif kind is ast.Object:
        first: dict[str, int] = {}  # line where each key was first written
        for item in expr.items:
            key = literal_string(item.key)
            if key is not None:
                if key in first:  # the later one silently wins
                    spans[duplicate_path(path, key, first[key])] = item.span
                first.setdefault(key, item.line)
                spans[path + (key,)] = item.span
                record_spans(item.value, path + (key,), spans, text)
    elif kind is ast.Tuple:
        for i, item in enumerate(expr.items):
            spans[path + (i,)] = item.span
            record_spans(item, path + (i,), spans, text)
    elif kind is ast.FunctionCall:
        if expr.name in ("jsonencode", "yamlencode") and expr.args:
            record_spans(expr.args[0], path, spans, text)
    elif kind is ast.Template and expr.heredoc and text:
        lines = text.split("\n")[expr.line : expr.end_line - 1]  # the heredoc's body
        body = "\n".join(lines)
        if body.lstrip()[:1] in ("{", "["):
            try:
                doc = json_doc.load(body)
            except Exception:
                return
            offset = expr.line  # the heredoc's first content line is the next one
            for sub, sp in doc.spans.items():
                spans[path + sub] = Span(sp.line + offset, sp.end_line + offset, sp.col, sp.end_col)


def ignored_changes(block: Block) -> tuple[tuple, ...]:
    """The attribute paths a resource's ``lifecycle { ignore_changes = [...] }`` lists
    (``tags["Created"]`` is ``("tags", "Created")``; ``all`` is ``("all",)``)."""
    for lifecycle in block.body.blocks_of("lifecycle"):
        attr = lifecycle.body.attributes.get("ignore_changes")
        if attr is not None:
            expr = attr.expr
            items = expr.items if type(expr) is ast.Tuple else [expr]
            return tuple(p for p in map(_attribute_path, items) if p)
    return ()


def _attribute_path(node: Any) -> tuple:
    """``name``, ``name.attr`` or ``name["key"]`` / ``name[0]`` as a path (() otherwise)."""
    if type(node) is ast.Variable:
        return (node.name,)
    if type(node) is not ast.Traversal or type(node.source) is not ast.Variable:
        return ()
    path: list = [node.source.name]
    for step in node.steps:
        if type(step) is ast.GetAttr:
            path.append(step.name)
        elif type(step) is ast.Index and type(step.key) is ast.Literal:
            path.append(step.key.value)
        elif type(step) is ast.Index and literal_string(step.key) is not None:
            path.append(literal_string(step.key))
        else:
            break
    return tuple(path)


def literal_string(node: Any) -> str | None:
    """The text of a string written without interpolation (or an object key written as a
    name), else None."""
    if type(node) is ast.Literal:
        return node.value if isinstance(node.value, str) else None
    if type(node) is ast.Template and all(type(p) is str for p in node.parts):
        return "".join(node.parts)
    return None


def literal_text(attr: Attribute | None) -> str:
    """The text of an argument written as a plain string (a module ``source``), else ""."""
    if attr is None:
        return ""
    return literal_string(attr.expr) or ""


class ModuleLoader:
    """Finds, parses (once) and evaluates the modules of a scan."""

    def __init__(
        self,
        root: str,
        parsed: dict[str, list[HclFile]],
        diagnostics: list[Diagnostic],
        read: Any = None,
        budget: Budget | None = None,
    ):
        self.root = root
        self.parsed = parsed  # directory (relative to root) -> its parsed .tf files
        self.diagnostics = diagnostics
        self.read = read  # callable(relative path) -> HclFile | None, for dirs outside `parsed`
        self.budget = budget if budget is not None else Budget()
        self.max_instances = self.budget.limits.instances
        self.unknowns: list[Unknown] = []

    def files_in(self, directory: str) -> list[HclFile]:
        """The parsed files of a module directory; ``OSError`` (once per directory) when it
        cannot be listed."""
        if directory not in self.parsed and self.read is not None:
            self.parsed[directory] = []  # a directory that fails is tried once
            self.parsed[directory] = self.read(directory)
        return self.parsed.get(directory, [])

    def module_dir(
        self, parent: str, source: Any, f: HclFile, block: Block, address: str, root_dir: str = "."
    ) -> str | None:
        if not isinstance(source, str):
            self.diagnostics.append(
                Diagnostic(
                    f.path,
                    f"{address}: module source is not known; its resources are not scanned",
                    block.span.line,
                    "info",
                    "evaluate",
                )
            )
            return None
        if not source.startswith(("./", "../")):
            local = self._downloaded(address, root_dir)
            if local is None:
                self.diagnostics.append(
                    Diagnostic(
                        f.path,
                        f"{address}: remote module {source!r} is not scanned (run "
                        "`terraform init` to download it into .terraform/modules)",
                        block.span.line,
                        "info",
                        "evaluate",
                    )
                )
            return local
        directory = os.path.normpath(os.path.join(parent, source)).replace(os.sep, "/")
        if directory.startswith("../") or directory == "..":
            self.diagnostics.append(
                Diagnostic(
                    f.path,
                    f"{address}: module source {source!r} is outside the scanned tree",
                    block.span.line,
                    "info",
                    "evaluate",
                )
            )
            return None
        return directory

    def _downloaded(self, address: str, root_dir: str) -> str | None:
        """Where ``terraform init`` put a remote module: ``.terraform/modules/modules.json`` of
        the root module lists every call by its key (``db``, ``db.subnets``) and the directory,
        relative to the root module."""
        manifest = os.path.join(root_dir, ".terraform", "modules", "modules.json")
        try:  # read like every file of the tree: a FIFO or a link out of it is refused
            modules = json.loads(read_text(manifest, self.root, MAX_MANIFEST_BYTES)[0])["Modules"]
        except (Refused, ValueError, AttributeError, KeyError, TypeError, RecursionError):
            return None
        key = ".".join(re.sub(r"\[[^\]]*\]$", "", p) for p in address.split(".") if p != "module")
        for entry in modules if isinstance(modules, list) else ():
            if not isinstance(entry, dict) or entry.get("Key") != key:
                continue
            where = entry.get("Dir")
            if not isinstance(where, str) or not where or os.path.isabs(where):
                return None  # a damaged manifest: the call is not followed
            directory = os.path.normpath(os.path.join(root_dir, where)).replace(os.sep, "/")
            if directory.startswith("../") or directory == "..":
                return None
            return directory
        return None

    def note_unknown(self, f: HclFile, span: Span, what: str, reason: str) -> None:
        self.unknowns.append(Unknown(f"{what}: {reason}", what, f.path, span))

    def root_resources(self, directory: str, inputs: Inputs) -> list[Resource]:
        """The resources of the root module in ``directory``, evaluated on a budget of its
        own (one diagnostic per budget it exceeds)."""
        self.budget.start()
        try:
            return Module(self, directory, self.parsed[directory], inputs).resources()
        finally:
            self.budget.report(self.diagnostics)


def _finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer beyond any float
        return False


def called_directories(parsed: dict[str, list[HclFile]]) -> set[str]:
    """Directories some scanned module calls with a local ``source``: they are evaluated
    through their calls (with inputs), not on their own. A call from the directory itself
    (``source = "./"``) or from a module it calls in turn (a cycle) does not count: such a
    directory is still a root."""
    calls: dict[str, set[str]] = {}
    for directory, files in parsed.items():
        for f in files:
            for block in f.body.blocks_of("module"):
                text = literal_text(block.body.attributes.get("source"))
                if text.startswith(("./", "../")):
                    target = os.path.normpath(os.path.join(directory, text)).replace(os.sep, "/")
                    calls.setdefault(directory, set()).add(target)
    reach = {target: _reachable(target, calls) for target in set().union(*calls.values())}
    return {
        target
        for caller, targets in calls.items()
        for target in targets
        if caller not in reach[target]
    }


def _reachable(start: str, calls: dict[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in calls.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def root_inputs(
    module_dir: str, tfvars: list[tuple[str, dict, dict[str, Span]]], config: TerraformConfig
) -> Inputs:
    """Variable values of a root module in Terraform's precedence (later wins).

    ``tfvars`` holds (path, values, spans) of the module's ``terraform.tfvars(.json)`` and
    ``*.auto.tfvars(.json)`` files, already parsed."""
    inputs = Inputs()
    for name, raw in sorted(config.environ.items()):
        if name.startswith("TF_VAR_"):
            inputs.values[name[7:]] = VarValue(_cli_value(raw))
    ordered = sorted(tfvars, key=lambda t: _tfvars_rank(os.path.basename(t[0])))
    for path, values, spans in ordered:
        for name, value in values.items():
            span = spans.get((name,))
            origin = Origin(path, span, f"{os.path.basename(path)}: {name}") if span else None
            inputs.values[name] = VarValue(value, origin)
    for name, raw in config.vars.items():
        inputs.values[name] = VarValue(_cli_value(raw))
    return inputs


def _tfvars_rank(name: str) -> tuple:
    if name in ("terraform.tfvars", "terraform.tfvars.json"):
        return (0, name != "terraform.tfvars", name)
    if name.endswith((".auto.tfvars", ".auto.tfvars.json")):
        return (1, name)
    return (2, name)  # --var-file files come last, in the order given


def _cli_value(raw: str) -> Any:
    text = raw.strip()
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            return raw
    return raw
