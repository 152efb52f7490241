"""The Terraform functions infralint evaluates. Everything else is UNKNOWN.

``FUNCTIONS`` get evaluated, fully known arguments; ``LAZY`` ones decide themselves how to treat
their arguments (``try``, ``can``, ``coalesce``, ``lookup`` and ``jsonencode`` tolerate unknowns).
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

from infralint.graph.hcl_eval import Encoded, EvalError, Evaluator, number, to_string, why
from infralint.model import is_literal


def _jsonencode(value: Any) -> Any:
    if not is_literal(value):
        return Encoded(value)
    return json.dumps(value, separators=(",", ":"))


def _jsondecode(text: Any) -> Any:
    if not isinstance(text, str):
        raise EvalError("jsondecode needs a string")
    return json.loads(text)


def _merge(*maps: Any) -> dict:
    out: dict = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise EvalError("merge needs maps")
        out.update(m)
    return out


def _concat(*lists: Any) -> list:
    out: list = []
    for item in lists:
        if not isinstance(item, list):
            raise EvalError("concat needs lists")
        out.extend(item)
    return out


def _format(fmt: str, *args: Any) -> str:
    values = iter(args)

    def repl(match: re.Match) -> str:
        verb = match.group(2)
        if verb == "%":
            return "%"
        value = next(values)
        if verb == "q":
            return json.dumps(to_string(value))
        if verb == "d":
            return str(int(number(value)))
        if verb in "fg":
            return (match.group(1) and f"%{match.group(1)}{verb}" or f"%{verb}") % number(value)
        return to_string(value) if not isinstance(value, list | dict) else json.dumps(value)

    return re.sub(r"%([-+# 0-9.]*)([sdvqfgt%])", repl, fmt)


def _toset(value: Any) -> list:
    items = list(value or [])
    unique = list(dict.fromkeys(json.dumps(i, sort_keys=True) for i in items))
    decoded = [json.loads(u) for u in unique]
    return sorted(decoded) if all(isinstance(i, str) for i in decoded) else decoded


def _flatten(value: Any) -> list:
    out: list = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _cidrsubnet(prefix: str, newbits: Any, netnum: Any) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    new_prefix = net.prefixlen + int(number(newbits))
    subnets = net.subnets(new_prefix=new_prefix)
    size = 2 ** (new_prefix - net.prefixlen)
    index = int(number(netnum))
    if not 0 <= index < size:
        raise EvalError("cidrsubnet: netnum out of range")
    base = int(net.network_address) + index * (2 ** (net.max_prefixlen - new_prefix))
    del subnets
    return f"{ipaddress.ip_address(base)}/{new_prefix}"


def _tobool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"tobool: {value!r}")


FUNCTIONS: dict[str, Any] = {
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "merge": _merge,
    "concat": _concat,
    "format": _format,
    "join": lambda sep, *lists: sep.join(to_string(v) for lst in lists for v in lst),
    "split": lambda sep, text: text.split(sep),
    "tolist": lambda v: list(v),
    "toset": _toset,
    "tomap": lambda v: dict(v),
    "tostring": lambda v: to_string(v),
    "tonumber": lambda v: number(v),
    "tobool": _tobool,
    "length": lambda v: len(v),
    "contains": lambda lst, v: v in lst,
    "keys": lambda m: sorted(m.keys()),
    "values": lambda m: [m[k] for k in sorted(m)],
    "lower": lambda s: s.lower(),
    "upper": lambda s: s.upper(),
    "trimspace": lambda s: s.strip(),
    "replace": lambda s, old, new: (
        s.replace(old, new) if not old.startswith("/") else _regex_replace(s, old, new)
    ),
    "element": lambda lst, i: lst[int(number(i)) % len(lst)],
    "flatten": _flatten,
    "distinct": lambda lst: list({json.dumps(v, sort_keys=True): v for v in lst}.values()),
    "compact": lambda lst: [v for v in lst if v not in (None, "")],
    "zipmap": lambda ks, vs: dict(zip(ks, vs, strict=True)),
    "min": lambda *v: min(number(x) for x in v),
    "max": lambda *v: max(number(x) for x in v),
    "abs": lambda v: abs(number(v)),
    "startswith": lambda s, p: s.startswith(p),
    "endswith": lambda s, p: s.endswith(p),
    "substr": lambda s, off, ln: s[int(off) :] if int(ln) < 0 else s[int(off) : int(off) + int(ln)],
    "cidrsubnet": _cidrsubnet,
    "coalescelist": lambda *lists: next((lst for lst in lists if lst), []),
    "range": lambda *a: list(range(*(int(number(x)) for x in a)))[:10_000],
}


def _regex_replace(s: str, pattern: str, new: str) -> str:
    return re.sub(pattern.strip("/"), re.sub(r"\$(\d)", r"\\\1", new), s)


# -- lazy functions: they see the argument nodes ---------------------------------------------


def _try(ev: Evaluator, args: list, node: Any) -> Any:
    last: Any = None
    for arg in args:
        try:
            return ev.eval(arg)
        except EvalError as exc:
            last = exc
    raise EvalError(f"no try() argument could be evaluated ({last})")


def _can(ev: Evaluator, args: list, node: Any) -> Any:
    try:
        value = ev.eval(args[0])
    except EvalError:
        return False
    return (
        True
        if is_literal(value)
        else ev.unknown(node, f"can() of a value not known ({why(value)})")
    )


def _coalesce(ev: Evaluator, args: list, node: Any) -> Any:
    for arg in args:
        value = ev.eval(arg)
        if not is_literal(value):
            return ev.unknown(node, f"coalesce() argument is not known ({why(value)})")
        if value not in (None, ""):
            return value
    raise EvalError("coalesce(): no non-empty argument")


def _lookup(ev: Evaluator, args: list, node: Any) -> Any:
    values = [ev.eval(a) for a in args]
    if len(values) < 2:
        raise EvalError("lookup needs a map and a key")
    m, key = values[0], values[1]
    if isinstance(m, dict) and isinstance(key, str):
        if key in m:
            return m[key]
        if len(values) > 2:
            return values[2]
        raise EvalError(f"lookup: no key {key!r}")
    bad = m if not is_literal(m) else key
    return ev.unknown(node, f"lookup() argument is not known ({why(bad)})")


LAZY = {"try": _try, "can": _can, "coalesce": _coalesce, "lookup": _lookup}
