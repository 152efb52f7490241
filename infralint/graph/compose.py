"""docker-compose files → graph resources (one per service, address ``services.<name>``).

Strings are interpolated as Compose does: ``${VAR}``, ``$VAR``, ``${VAR:-default}``,
``${VAR-default}``, ``${VAR:?error}``, ``${VAR:+alt}`` and ``$$``, with the variables of the
``.env`` file next to the compose file. A variable with no value makes the string UNKNOWN. The
raw (uninterpolated) service is kept in ``meta["raw"]`` for the secret rules.
"""

from __future__ import annotations

import os
import re
from typing import Any

from infralint.limits import Budget, Exceeded
from infralint.model import Diagnostic, Resource, Unknown
from infralint.parse import Document

SERVICE_TYPE = "compose_service"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")
MAX_NESTING = 32  # ${A:-${B:-...}} levels interpolated; deeper makes the string unknown
ENV_NAME = ".env"


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def interpolate(
    value: Any, env: dict[str, str], budget: Budget | None = None, where: tuple = ("", 0)
) -> Any:
    """``value`` with every string interpolated. With a ``budget`` each variable costs a step
    and each string built its length; a string beyond the budget is unknown, and the budget
    notes it at ``where`` (path, line)."""
    if isinstance(value, str):
        try:
            return substitute(value, env, budget)
        except Exceeded as exc:
            assert budget is not None  # only a budget raises
            budget.note(exc, *where)
            return Unknown(str(exc))
    if isinstance(value, list):
        return [interpolate(v, env, budget, where) for v in value]
    if isinstance(value, dict):
        return {k: interpolate(v, env, budget, where) for k, v in value.items()}
    return value


def substitute(text: str, env: dict[str, str], budget: Budget | None = None) -> Any:
    """``text`` interpolated; ``Unknown`` when a variable it needs has no value."""
    if "$" not in text:
        return text
    missing: list[str] = []
    try:
        result, _ = _expand(text, 0, env, missing, 0, budget)
        if budget is not None:
            budget.text(len(result))
    except _TooDeep:
        return Unknown(f"variables nested more than {MAX_NESTING} levels deep")
    if missing:
        return Unknown(f"${{{missing[0]}}} has no value (not in .env)")
    return result


class _TooDeep(Exception):
    pass


def _expand(
    text: str, i: int, env: dict, missing: list, depth: int, budget: Budget | None = None
) -> tuple[str, int]:
    """(expansion, end): ``text`` from ``i`` interpolated up to its end or, inside braces
    (``depth`` > 0), up to the ``}`` closing them (``end`` is past it). Every character is read
    once: linear time."""
    out: list[str] = []
    n = len(text)
    while i < n:
        j = text.find("$", i)
        close = text.find("}", i, j if j != -1 else n) if depth else -1
        if close != -1:
            out.append(text[i:close])
            return "".join(out), close + 1
        if j == -1:
            out.append(text[i:])
            i = n
            break
        out.append(text[i:j])
        if budget is not None:
            budget.step()
        value, i = _variable(text, j, env, missing, depth, budget)
        out.append(value)
    if depth:
        raise ValueError("unclosed ${")
    return "".join(out), i


def _variable(
    text: str, j: int, env: dict, missing: list, depth: int, budget: Budget | None
) -> tuple[str, int]:
    """The expansion of the ``$`` at ``j`` and the index after it."""
    nxt = text[j + 1 : j + 2]
    if nxt == "$":
        return "$", j + 2
    if nxt != "{":
        name = _NAME.match(text, j + 1)
        if name is None:
            return "$", j + 1
        return _lookup(name.group(), env, missing), name.end()
    name = _NAME.match(text, j + 2)
    if name is None:
        return "$", j + 1  # not a variable: the text stays as written
    k = name.end()
    if text[k : k + 1] == "}":
        return _lookup(name.group(), env, missing), k + 1
    op = next((o for o in _OPS if text.startswith(o, k)), None)
    if op is None:
        return "$", j + 1
    if depth + 1 > MAX_NESTING:
        raise _TooDeep()
    inner: list[str] = []
    try:
        arg, end = _expand(text, k + len(op), env, inner, depth + 1, budget)
    except ValueError:
        if depth:
            raise
        return "$", j + 1  # an unclosed ${: left as written
    value = env.get(name.group())
    unset = value is None or (value == "" and op.startswith(":"))
    if op.endswith("-"):
        chosen = arg if unset else value
    elif op.endswith("+"):
        chosen = "" if unset else arg
    else:  # ? / :? : Compose stops with the message when the variable is unset
        chosen = value if not unset else None
        if chosen is None:
            missing.append(name.group())
            return text[j:end], end
    if chosen is arg:
        missing.extend(inner)
    return chosen, end


def _lookup(name: str, env: dict, missing: list) -> str:
    value = env.get(name)
    if value is None:
        missing.append(name)
        return "${" + name + "}"
    return value


def read_env_file(
    path: str, root: str, diagnostics: list[Diagnostic], max_bytes: int, quiet: bool = False
) -> dict[str, str]:
    """KEY=VALUE lines of an env file (quotes removed, comments and ``export`` ignored), read
    through ``infralint.files``; a file that is refused costs a diagnostic (none when it does
    not exist and ``quiet``, as an optional ``.env``)."""
    from infralint.files import Refused, read_text
    from infralint.lines import split_lines

    env: dict[str, str] = {}
    rel = os.path.relpath(os.path.join(root, path), root).replace(os.sep, "/")
    if quiet and not os.path.lexists(os.path.join(root, path)):
        return env
    try:
        text, note = read_text(path, root, max_bytes)
    except Refused as exc:
        message = f"not read: {exc}; the variables it sets are unknown"
        diagnostics.append(Diagnostic(rel, message, 0, "warning", "read"))
        return env
    if note:
        diagnostics.append(Diagnostic(rel, note, 0, "warning", "read"))
    for line in split_lines(text):
        parsed = parse_env_line(line)
        if parsed:
            env[parsed[0]] = parsed[1]
    return env


def parse_env_line(line: str) -> tuple[str, str] | None:
    text = line.strip()
    if not text or text.startswith("#") or "=" not in text:
        return None
    if text.startswith("export "):
        text = text[7:].lstrip()
    key, _, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", key):
        return None
    if value[:1] in ("'", '"') and value.endswith(value[0]) and len(value) >= 2:
        value = value[1:-1]
    elif " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return key, value


# -- projects: override files, extends, include, env_file ------------------------------------
#
# A compose project is its base file merged with its override file (``compose.yaml`` +
# ``compose.override.yaml``, ``docker-compose.yml`` + ``docker-compose.override.yml``) the way
# Compose merges them: mappings merged key by key, sequences appended, ``command`` /
# ``entrypoint`` / ``healthcheck.test`` replaced, and ``ports`` / ``volumes`` / ``secrets`` /
# ``configs`` merged by their unique key. Every value keeps the file and span it was written
# at, so a port the override adds is reported in the override file. Services in ``profiles``
# are scanned like the others: a profile is one ``--profile`` flag away from running.

Loc = dict  # attribute path (relative) -> (file, Span)
_OVERRIDE = re.compile(r"^(?P<stem>docker-compose|compose)\.override\.ya?ml$")
_BASE = re.compile(r"^(?P<stem>docker-compose|compose)\.ya?ml$")
_REPLACED = {"command", "entrypoint"}
MAX_EXTENDS = 20


class Layer:
    """A value with the (file, span) of every path inside it."""

    __slots__ = ("value", "loc")

    def __init__(self, value: Any, loc: Loc):
        self.value = value
        self.loc = loc


def projects(paths: list[str], root: str, load: Any) -> list[list[str]]:
    """Group compose files (relative paths) into projects: [base, override] or [file]."""
    present = set(paths)
    out = []
    for path in sorted(paths):
        directory, name = os.path.split(path)
        over = _OVERRIDE.match(name)
        if over:
            bases = [
                os.path.join(directory, f"{over.group('stem')}.{ext}") for ext in ("yaml", "yml")
            ]
            if any(b in present or os.path.isfile(os.path.join(root, b)) for b in bases):
                continue  # merged into its base file
            out.append([path])
            continue
        base = _BASE.match(name)
        group = [path]
        if base:
            for ext in ("yaml", "yml"):
                candidate = os.path.join(directory, f"{base.group('stem')}.override.{ext}")
                if candidate in present or os.path.isfile(os.path.join(root, candidate)):
                    group.append(candidate.replace(os.sep, "/"))
                    break
        out.append(group)
    return out


class Project:
    """Builds the services of one project; ``load(path)`` returns a parsed Document or None."""

    def __init__(
        self,
        files: list[str],
        root: str,
        load: Any,
        diagnostics: list[Diagnostic],
        max_bytes: int = 5 * 1024 * 1024,
        budget: Budget | None = None,
    ):
        self.files = files
        self.budget = budget if budget is not None else Budget()
        self.chain_cut = False  # an `extends` chain was cut at MAX_EXTENDS
        self.root = root
        self.load = load
        self.diagnostics = diagnostics
        self.max_bytes = max_bytes
        env_path = os.path.join(os.path.dirname(files[0]), ENV_NAME)
        self.env = read_env_file(env_path, root, diagnostics, max_bytes, quiet=True)

    def resources(self) -> list[Resource]:
        """The project's services, built on the scan's budget (evaluation steps and bytes, as
        a Terraform root module; one diagnostic per budget the project exceeds)."""
        self.budget.start()
        try:
            services: dict[str, Layer] = {}
            volumes: dict = {}
            self._collect(self.files, services, volumes, set())
            return [self._resource(name, layer, volumes) for name, layer in services.items()]
        finally:
            self.budget.report(self.diagnostics)

    def _collect(self, files: list[str], services: dict, volumes: dict, seen: set) -> None:
        for path in files:
            loaded = self.load(path)
            # the documents of a YAML stream are merged in order, as an override file is
            for doc in loaded.stream() if loaded is not None else []:
                self._collect_document(path, doc, services, volumes, seen)

    def _collect_document(
        self, path: str, doc: Document, services: dict, volumes: dict, seen: set
    ) -> None:
        if not isinstance(doc.value, dict):
            self._problem(path, 1, "compose file is not a mapping")
            return
        for included in self._includes(path, doc):
            if included not in seen and len(seen) < MAX_EXTENDS:
                seen.add(included)
                inner: dict[str, Layer] = {}
                self._collect([included], inner, volumes, seen)
                for name, layer in inner.items():
                    services.setdefault(name, layer)
        if isinstance(doc.value.get("volumes"), dict):
            volumes.update(doc.value["volumes"])
        body = doc.value.get("services")
        if not isinstance(body, dict):
            if body is not None:
                where = doc.spans.get(("services",))
                self._problem(
                    path,
                    where.line if where else 1,
                    "`services` must be a mapping of service names",
                )
            return
        for name in body:
            layer = self._service(path, doc, str(name), 0)
            if layer is None:
                continue
            if name in services:
                services[name] = merge(services[name], layer, ())
            else:
                services[name] = layer

    def _problem(self, path: str, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, message, line, "warning", "evaluate"))

    def _includes(self, path: str, doc: Document) -> list[str]:
        out = []
        for i, entry in enumerate(doc.value.get("include") or []):
            targets = entry.get("path") if isinstance(entry, dict) else entry
            for target in targets if isinstance(targets, list) else [targets]:
                if not isinstance(target, str) or target.startswith("/") or "://" in target:
                    span = doc.spans.get(("include", i))
                    self.diagnostics.append(
                        Diagnostic(
                            path,
                            f"include {target!r} is not read (only relative local files are)",
                            span.line if span else 0,
                            "info",
                            "evaluate",
                        )
                    )
                    continue
                included = _join(path, target)
                if not os.path.lexists(os.path.join(self.root, included)):
                    span = doc.spans.get(("include", i))
                    message = f"include {target!r}: no such file; the services it adds are unknown"
                    self._problem(path, span.line if span else 0, message)
                    continue
                out.append(included)
        return out

    def _service(self, path: str, doc: Document, name: str, depth: int) -> Layer | None:
        services = doc.value.get("services") if isinstance(doc.value, dict) else None
        if not isinstance(services, dict) or name not in services:
            return None
        raw = services[name] if isinstance(services[name], dict) else {}
        prefix = ("services", name)
        loc: Loc = {(): (path, doc.spans.get(prefix))}
        for sub, span in doc.sub_spans(prefix).items():
            loc[sub] = (path, span)
        own = Layer({k: v for k, v in raw.items() if k != "extends"}, loc)
        extends = raw.get("extends")
        if extends is None:
            return own
        where = doc.spans.get(prefix + ("extends",))
        line = where.line if where else 0
        if depth >= MAX_EXTENDS:
            if not self.chain_cut:  # once per project
                self.chain_cut = True
                chain = f"an `extends` chain longer than {MAX_EXTENDS} services"
                self._problem(path, line, f"services.{name}: {chain}; the rest is not followed")
            return own
        try:
            self.budget.step()
        except Exceeded as exc:
            self.budget.note(exc, path, line)
            return own
        if isinstance(extends, str):
            base_name, base_path = extends, path
        elif isinstance(extends, dict) and isinstance(extends.get("service"), str):
            base_name = extends["service"]
            file = extends.get("file")
            base_path = _join(path, file) if isinstance(file, str) else path
        else:
            return own
        base_doc = doc if base_path == path else self.load(base_path)
        base = self._service(base_path, base_doc, base_name, depth + 1) if base_doc else None
        if base is None:
            self._problem(path, line, f"services.{name} extends {base_name!r}, which was not found")
            return own
        merged = merge(base, own, ())
        merged.loc[()] = loc[()]  # the service is where it is defined, not its base
        return merged

    def _resource(self, name: str, layer: Layer, volumes: dict) -> Resource:
        path, span = layer.loc[()]
        service = layer.value
        attrs = interpolate(service, self.env, self.budget, (path, span.line if span else 0))
        environment = self._env_files(path, service, layer)
        if environment:
            given = attrs.get("environment")
            if isinstance(given, list):
                pairs = [str(i).partition("=") for i in given]
                given = {k: v for k, sep, v in pairs if sep}
            attrs["environment"] = {**environment, **(given if isinstance(given, dict) else {})}
        res = Resource(
            address=f"services.{name}",
            type=SERVICE_TYPE,
            format="compose",
            path=path,
            span=span,
            attrs=attrs,
            scope=self.files[0],
            spans={p: sp for p, (f, sp) in layer.loc.items() if p and sp is not None},
            span_files={p: f for p, (f, sp) in layer.loc.items() if p and f != path},
            meta={"raw": service, "volumes": volumes, "profiles": service.get("profiles")},
        )
        res.refs.update(f"services.{d}" for d in _names(service.get("depends_on")))
        return res

    def _env_files(self, path: str, service: dict, layer: Layer) -> dict[str, str]:
        """Variables of the service's ``env_file`` entries (paths relative to the project)."""
        entries = service.get("env_file")
        out: dict[str, str] = {}
        for entry in entries if isinstance(entries, list) else [entries]:
            target = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(target, str) or os.path.isabs(target):
                continue
            path = _join(self.files[0], target)
            out.update(read_env_file(path, self.root, self.diagnostics, self.max_bytes))
        return out


def _join(path: str, target: str) -> str:
    return os.path.normpath(os.path.join(os.path.dirname(path), target)).replace(os.sep, "/")


def _reroot(loc: Loc, prefix: tuple) -> Loc:
    n = len(prefix)
    return {p[n:]: v for p, v in loc.items() if p[:n] == prefix}


def merge(base: Layer, over: Layer, path: tuple) -> Layer:
    """``over`` merged onto ``base`` by Compose's rules, locations carried along."""
    bv, ov = base.value, over.value
    name = path[-1] if path else ""
    if len(path) == 1 and name in ("environment", "labels") and type(bv) is not type(ov):
        base, over = _as_mapping(base), _as_mapping(over)
        bv, ov = base.value, over.value
    if isinstance(bv, dict) and isinstance(ov, dict):
        value = dict(bv)
        loc = dict(base.loc)
        for key, item in ov.items():
            sub = Layer(item, _reroot(over.loc, (key,)))
            if key in bv:
                sub = merge(Layer(bv[key], _reroot(base.loc, (key,))), sub, path + (key,))
            value[key] = sub.value
            loc = {p: v for p, v in loc.items() if p[:1] != (key,)}
            loc.update({(key,) + p: v for p, v in sub.loc.items()})
        return Layer(value, loc)
    replaced = name in _REPLACED or path == ("healthcheck", "test")
    if isinstance(bv, list) and isinstance(ov, list) and not replaced:
        key_of = _UNIQUE.get(name) if len(path) == 1 else None
        items = [(v, _reroot(base.loc, (i,))) for i, v in enumerate(bv)]
        for j, v in enumerate(ov):
            entry = (v, _reroot(over.loc, (j,)))
            key = key_of(v) if key_of else None
            same = [i for i, (old, _) in enumerate(items) if key is not None and key_of(old) == key]
            if same:
                items[same[0]] = entry
            else:
                items.append(entry)
        loc = {(): base.loc.get((), over.loc.get(()))}
        for i, (_, sub) in enumerate(items):
            loc.update({(i,) + p: v for p, v in sub.items()})
        return Layer([v for v, _ in items], loc)
    return over


def _as_mapping(layer: Layer) -> Layer:
    if not isinstance(layer.value, list):
        return layer
    value, loc = {}, {(): layer.loc.get(())}
    for i, item in enumerate(layer.value):
        key, sep, val = str(item).partition("=")
        value[key] = val if sep else None
        loc.update({(key,) + p: v for p, v in _reroot(layer.loc, (i,)).items()})
    return Layer(value, loc)


def _port_key(spec: Any) -> Any:
    from infralint.facts.compose import published

    port = published(spec, ())
    if port is None:
        return None
    return (str(port.host_ip), str(port.host_port), str(port.container_port), port.protocol)


def _target_key(spec: Any) -> Any:
    if isinstance(spec, dict):
        return spec.get("target") or spec.get("source")
    if isinstance(spec, str):
        parts = spec.split(":")
        return parts[1] if len(parts) > 1 else parts[0]
    return None


def _env_key(spec: Any) -> Any:
    return str(spec).partition("=")[0] if isinstance(spec, str) else None


_UNIQUE = {
    "ports": _port_key,
    "volumes": _target_key,
    "secrets": _target_key,
    "configs": _target_key,
    "environment": _env_key,
    "labels": _env_key,
}
