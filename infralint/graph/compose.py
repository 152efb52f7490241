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

from infralint.model import Diagnostic, Resource, Unknown
from infralint.parse import Document

SERVICE_TYPE = "compose_service"
_VAR = re.compile(
    r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)


def build(
    path: str, doc: Document, env: dict[str, str], diagnostics: list[Diagnostic]
) -> list[Resource]:
    project = doc.value
    if not isinstance(project, dict):
        diagnostics.append(
            Diagnostic(path, "compose file is not a mapping", 1, "warning", "evaluate")
        )
        return []
    services = project.get("services")
    if services is None:
        return []
    if not isinstance(services, dict):
        line = doc.spans.get(("services",))
        diagnostics.append(
            Diagnostic(
                path,
                "`services` must be a mapping of service names",
                line.line if line else 1,
                "warning",
                "evaluate",
            )
        )
        return []
    volumes = project.get("volumes") if isinstance(project.get("volumes"), dict) else {}
    out = []
    for name, raw in services.items():
        prefix = ("services", name)
        service = raw if isinstance(raw, dict) else {}
        res = Resource(
            address=f"services.{name}",
            type=SERVICE_TYPE,
            format="compose",
            path=path,
            span=doc.spans[prefix],
            attrs=interpolate(service, env),
            scope=path,
            spans=doc.sub_spans(prefix),
            meta={"raw": service, "volumes": volumes},
        )
        res.refs.update(f"services.{d}" for d in _names(service.get("depends_on")))
        res.refs.update(f"networks.{n}" for n in _names(service.get("networks")))
        mounts = service.get("volumes")
        for mount in mounts if isinstance(mounts, list) else []:
            source = mount.get("source") if isinstance(mount, dict) else str(mount).split(":")[0]
            if isinstance(source, str) and source in volumes:
                res.refs.add(f"volumes.{source}")
        out.append(res)
    return out


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, str):
        return substitute(value, env)
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    return value


def substitute(text: str, env: dict[str, str]) -> Any:
    if "$" not in text:
        return text
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        whole = match.group(0)
        if whole == "$$":
            return "$"
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        unset_or_empty = value is None or (value == "" and op is not None and op.startswith(":"))
        if op in (":-", "-"):
            return arg if (value is None if op == "-" else unset_or_empty) else value
        if op in (":+", "+"):
            present = value is not None if op == "+" else not unset_or_empty
            return arg if present else ""
        if value is None:
            missing.append(name)
            return whole
        return value

    result = _VAR.sub(replace, text)
    if missing:
        return Unknown(f"${{{missing[0]}}} has no value (not in .env)")
    return result


def read_env_file(path: str) -> dict[str, str]:
    """KEY=VALUE lines of a ``.env`` file (quotes removed, comments and ``export`` ignored)."""
    env: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read(1_000_000).splitlines()
    except (OSError, UnicodeDecodeError):
        return env
    for line in lines:
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


def env_for(abspath: str) -> dict[str, str]:
    return read_env_file(os.path.join(os.path.dirname(abspath), ".env"))
