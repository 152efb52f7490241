"""The Terraform functions infralint evaluates. Everything else is UNKNOWN.

``FUNCTIONS`` get the scan's ``Budget`` and evaluated, fully known arguments; each checks the
size of what it will build against the budget before building it. ``LAZY`` ones get the
evaluator and the argument nodes and decide themselves how to treat their arguments (``try``,
``can``, ``coalesce``, ``lookup`` tolerate unknowns). User regular expressions run on RE2 (what
Terraform means by a regex): linear time, whatever the pattern.

Left unknown on purpose: the file system functions (never read outside the scan), time and
random ones (their value depends on the moment), ``base64gzip`` and ``yamlencode`` (their
bytes are those of Go's libraries), ``templatestring`` and ``templatefile``.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import json
import math
import re
from typing import Any

from infralint.graph.hcl_values import (
    MAX_NUMBER_BITS,
    Encoded,
    EvalError,
    number,
    to_string,
    why,
)
from infralint.limits import Budget
from infralint.model import is_literal

# -- sizes ---------------------------------------------------------------------------------------


def _encoded_text(budget: Budget, value: Any) -> str:
    budget.text(budget.size(value))
    return json.dumps(value, separators=(",", ":"))


def _items(budget: Budget, items: list) -> list:
    budget.items(len(items))
    return items


# -- the functions ---------------------------------------------------------------------------


def _jsonencode(budget: Budget, value: Any) -> Any:
    if not is_literal(value):
        return Encoded(value)
    return _encoded_text(budget, value)


def _jsondecode(budget: Budget, text: Any) -> Any:
    if not isinstance(text, str):
        raise EvalError("jsondecode needs a string")
    budget.items(len(text) // 2)  # the most elements a text this long can hold
    return json.loads(text)


def _merge(budget: Budget, *maps: Any) -> dict:
    if not all(m is None or isinstance(m, dict) for m in maps):
        raise EvalError("merge needs maps")
    budget.items(sum(len(m) for m in maps if m))
    out: dict = {}
    for m in maps:
        out.update(m or {})
    return out


def _concat(budget: Budget, *lists: Any) -> list:
    if not all(isinstance(item, list) for item in lists):
        raise EvalError("concat needs lists")
    budget.items(sum(map(len, lists)))
    return [v for item in lists for v in item]


_VERB = re.compile(r"%([-+# 0-9.]*)([sdvqfgt%])")


def _format(budget: Budget, fmt: str, *args: Any) -> str:
    budget.text(len(fmt) + sum(_width(m.group(1)) for m in _VERB.finditer(fmt)))
    values = iter(args)
    out: list[str] = []

    def repl(match: re.Match) -> str:
        verb = match.group(2)
        if verb == "%":
            return "%"
        value = next(values)
        if verb == "q":
            text = json.dumps(to_string(value))
        elif verb == "d":
            text = str(int(number(value)))
        elif verb in "fg":
            text = (match.group(1) and f"%{match.group(1)}{verb}" or f"%{verb}") % number(value)
        elif isinstance(value, list | dict):
            text = _encoded_text(budget, value)
        else:
            text = to_string(value)
        out.append(text)
        budget.text(len(fmt) + sum(map(len, out)))
        return text

    return _VERB.sub(repl, fmt)


def _width(flags: str) -> int:
    """The characters a verb's width and precision (``%10.3f``) may add."""
    return sum(int(n) for n in re.findall(r"\d+", flags))


def _join(budget: Budget, sep: str, *lists: Any) -> str:
    texts = [to_string(v) for lst in lists for v in lst]
    budget.text(sum(map(len, texts)) + len(sep) * max(len(texts) - 1, 0))
    return sep.join(texts)


def _split(budget: Budget, sep: str, text: str) -> list:
    if not sep:
        raise EvalError("split: the separator is empty")
    budget.items(text.count(sep) + 1)
    return text.split(sep)


def _replace(budget: Budget, text: str, old: str, new: str) -> str:
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return _regex_replace(budget, text, old[1:-1], new)
    if old:
        budget.text(len(text) + text.count(old) * max(len(new) - len(old), 0))
    else:
        budget.text(len(text) + (len(text) + 1) * len(new))
    return text.replace(old, new)


def _compile(pattern: str) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # a bad pattern is a diagnostic, not a line on stderr
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        message = exc.args[0] if exc.args else ""
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        raise EvalError(f"invalid regular expression: {message}") from None


def _regex_replace(budget: Budget, text: str, pattern: str, new: str) -> str:
    regex = _compile(pattern)
    matches = sum(1 for _ in regex.finditer(text))
    budget.text(len(text) + matches * len(new) + new.count("$") * len(text))
    return regex.sub(re.sub(r"\$(\d)", r"\\\1", new.replace("\\", "\\\\")), text)


def _regex(budget: Budget, pattern: str, text: str) -> Any:
    match = _compile(pattern).search(text)
    if match is None:
        raise EvalError("regex: no match")
    return _groups(match)


def _regexall(budget: Budget, pattern: str, text: str) -> list:
    regex = _compile(pattern)
    budget.items(sum(1 for _ in regex.finditer(text)))
    return [_groups(m) for m in regex.finditer(text)]


def _groups(match: Any) -> Any:
    """What Terraform's regex returns for a match: the text, a list of groups, or a map of the
    named ones."""
    named = match.groupdict()
    if named:
        return dict(named)
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


def _toset(budget: Budget, value: Any) -> list:
    items = _items(budget, list(value or []))
    budget.text(budget.size(items))  # each element is written as JSON to compare it
    unique = list(dict.fromkeys(json.dumps(i, sort_keys=True) for i in items))
    decoded = [json.loads(u) for u in unique]
    return sorted(decoded) if all(isinstance(i, str) for i in decoded) else decoded


def _distinct(budget: Budget, items: list) -> list:
    budget.text(budget.size(items))  # each element is written as JSON to compare it
    return list({json.dumps(v, sort_keys=True): v for v in items}.values())


def _flatten(budget: Budget, value: Any) -> list:
    out: list = []
    todo = [iter(value)]
    while todo:
        item = next(todo[-1], _END)
        if item is _END:
            todo.pop()
        elif isinstance(item, list):
            todo.append(iter(item))
        else:
            out.append(item)
            if len(out) > budget.limits.list_length:
                budget.items(len(out))
    return _items(budget, out)


_END = object()


def _range(budget: Budget, *bounds: Any) -> list:
    if not 1 <= len(bounds) <= 3:
        raise EvalError("range needs one to three numbers")
    values = [number(b) for b in bounds]
    if not all(math.isfinite(v) for v in values):
        raise EvalError("range needs finite numbers")
    start, stop, step = (0, values[0], 1) if len(values) == 1 else (*values[:2], 1)
    if len(values) == 3:
        step = values[2]
    if step == 0:
        raise EvalError("range: step must not be zero")
    count = max(0, math.ceil((stop - start) / step))
    budget.items(count)
    return [start + i * step for i in range(count)]


def _cidrsubnet(budget: Budget, prefix: str, newbits: Any, netnum: Any) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    new_prefix = net.prefixlen + int(number(newbits))
    if not net.prefixlen <= new_prefix <= net.max_prefixlen:
        raise EvalError("cidrsubnet: newbits out of range")
    index = int(number(netnum))
    if not 0 <= index < 2 ** (new_prefix - net.prefixlen):
        raise EvalError("cidrsubnet: netnum out of range")
    base = int(net.network_address) + index * (2 ** (net.max_prefixlen - new_prefix))
    return f"{ipaddress.ip_address(base)}/{new_prefix}"


def _tobool(budget: Budget, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"tobool: {value!r}")


def _substr(budget: Budget, text: str, offset: Any, length: Any) -> str:
    off, size = int(number(offset)), int(number(length))
    return text[off:] if size < 0 else text[off : off + size]


# -- numbers -----------------------------------------------------------------------------------


def _parseint(budget: Budget, text: Any, base: Any) -> int:
    radix = int(number(base))
    if not isinstance(text, str) or not 2 <= radix <= 62:
        raise EvalError("parseint needs a string and a base from 2 to 62")
    digits = _DIGITS[:radix]
    if radix <= 36:  # one case of letters, either case written
        text = text.lower()
    sign, body = (-1, text[1:]) if text[:1] == "-" else (1, text.lstrip("+"))
    if not body or len(body) > MAX_NUMBER_BITS or any(c not in digits for c in body):
        raise EvalError(f"parseint: cannot parse {text!r} as a base {radix} integer")
    value = 0
    for c in body:
        value = value * radix + digits.index(c)
    return number(sign * value)


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _pow(budget: Budget, base: Any, exponent: Any) -> Any:
    a, b = number(base), number(exponent)
    if isinstance(a, int) and isinstance(b, int) and b >= 0:
        if abs(a) > 1 and b * max(a.bit_length(), 1) > MAX_NUMBER_BITS:
            raise EvalError("number too large to be evaluated")
        return a**b
    return number(float(a) ** float(b))


def _log(budget: Budget, value: Any, base: Any) -> float:
    return math.log(number(value), number(base))


def _whole(value: Any, rounding: Any) -> Any:
    n = number(value)
    return n if isinstance(n, int) or not math.isfinite(n) else int(rounding(n))


def _sum(budget: Budget, items: Any) -> Any:
    if not isinstance(items, list) or not items:
        raise EvalError("sum needs a non-empty list of numbers")
    return number(sum(number(v) for v in items))


# -- strings ------------------------------------------------------------------------------------


def _formatlist(budget: Budget, fmt: str, *args: Any) -> list:
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist: the lists are not all the same length")
    count = lengths.pop() if lengths else 1
    budget.items(count)
    return [
        _format(budget, fmt, *(a[i] if isinstance(a, list) else a for a in args))
        for i in range(count)
    ]


def _indent(budget: Budget, spaces: Any, text: str) -> str:
    pad = " " * max(int(number(spaces)), 0)
    budget.text(len(text) + len(pad) * text.count("\n"))
    return text.replace("\n", "\n" + pad)


def _title(budget: Budget, text: str) -> str:
    return re.sub(r"(?<!\w)\w", lambda m: m.group(0).upper(), text)


def _trim(budget: Budget, text: str, cutset: str) -> str:
    return text.strip(cutset)


def _trimprefix(budget: Budget, text: str, prefix: str) -> str:
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _trimsuffix(budget: Budget, text: str, suffix: str) -> str:
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


# -- collections --------------------------------------------------------------------------------


def _sort(budget: Budget, items: Any) -> list:
    if not isinstance(items, list):
        raise EvalError("sort needs a list")
    if any(v is None or isinstance(v, list | dict) for v in items):
        raise EvalError("sort needs a list of strings")
    texts = _items(budget, [to_string(v) for v in items])
    return sorted(texts)


def _chunklist(budget: Budget, items: list, size: Any) -> list:
    n = int(number(size))
    if n < 0:
        raise EvalError("chunklist: the size must not be negative")
    if n == 0:
        return [items]
    budget.items(len(items) // n + 1)
    return [items[i : i + n] for i in range(0, len(items), n)]


def _index(budget: Budget, items: list, value: Any) -> int:
    for i, item in enumerate(items):
        if item == value and type(item) is type(value):
            return i
    raise EvalError("index: the item is not in the list")


def _one(budget: Budget, items: Any) -> Any:
    if not isinstance(items, list) or len(items) > 1:
        raise EvalError("one needs a list of at most one element")
    return items[0] if items else None


def _slice(budget: Budget, items: list, start: Any, end: Any) -> list:
    a, b = int(number(start)), int(number(end))
    if not 0 <= a <= b <= len(items):
        raise EvalError("slice: the indices are out of range")
    return items[a:b]


def _matchkeys(budget: Budget, values: list, keys: list, searchset: list) -> list:
    if len(values) != len(keys):
        raise EvalError("matchkeys: values and keys differ in length")
    return [v for v, k in zip(values, keys, strict=True) if k in searchset]


def _truth(items: Any) -> list[bool]:
    out = []
    for v in items if isinstance(items, list) else []:
        if v in ("true", "false"):
            v = v == "true"
        if not isinstance(v, bool):
            raise EvalError("expected a list of booleans")
        out.append(v)
    return out


def _setunion(budget: Budget, *sets: Any) -> list:
    return _toset(budget, [v for s in sets for v in s])


def _setintersection(budget: Budget, first: list, *others: Any) -> list:
    return _toset(budget, [v for v in first if all(v in o for o in others)])


def _setsubtract(budget: Budget, first: list, other: list) -> list:
    return _toset(budget, [v for v in first if v not in other])


def _setproduct(budget: Budget, *sets: Any) -> list:
    if not sets or not all(isinstance(s, list) for s in sets):
        raise EvalError("setproduct needs lists")
    count = math.prod(len(s) for s in sets)
    budget.items(count)
    budget.text(count * sum(budget.size(s) // max(len(s), 1) for s in sets))  # about the result
    combos: list = [[]]
    for s in sets:
        combos = [c + [v] for c in combos for v in s]
    return combos


def _transpose(budget: Budget, mapping: dict) -> dict:
    out: dict = {}
    for key in sorted(mapping):
        for value in mapping[key]:
            out.setdefault(to_string(value), []).append(key)
    budget.items(sum(map(len, out.values())))
    return {k: sorted(v) for k, v in sorted(out.items())}


# -- encodings and hashes -----------------------------------------------------------------------


def _base64encode(budget: Budget, text: str) -> str:
    budget.text(len(text.encode()) * 4 // 3 + 4)
    return base64.b64encode(text.encode()).decode()


def _base64decode(budget: Budget, text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise EvalError("base64decode: not valid base64 of UTF-8 text") from None


def _textencodebase64(budget: Budget, text: str, encoding: str) -> str:
    try:
        data = text.encode(_codec(encoding))
    except UnicodeEncodeError:
        raise EvalError(f"textencodebase64: the text cannot be written in {encoding}") from None
    budget.text(len(data) * 4 // 3 + 4)
    return base64.b64encode(data).decode()


def _textdecodebase64(budget: Budget, text: str, encoding: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode(_codec(encoding))
    except (ValueError, UnicodeDecodeError):
        raise EvalError(f"textdecodebase64: not valid base64 of {encoding} text") from None


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise EvalError(f"unknown character encoding {name!r}") from None


def _urlencode(budget: Budget, text: str) -> str:
    from urllib.parse import quote_plus

    budget.text(len(text.encode()) * 3)
    return quote_plus(text, safe="")


def _csvdecode(budget: Budget, text: str) -> list:
    import csv

    budget.items(text.count("\n") + 1)
    rows = list(csv.reader(io.StringIO(text), strict=True))
    if not rows:
        raise EvalError("csvdecode: no header line")
    header = rows[0]
    if any(len(row) != len(header) for row in rows[1:]):
        raise EvalError("csvdecode: a line has the wrong number of fields")
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _yamldecode(budget: Budget, text: str) -> Any:
    from infralint.parse import ParseError, yaml_doc

    try:
        return yaml_doc.load(text, max_nodes=budget.limits.list_length).value
    except ParseError as exc:
        raise EvalError(f"yamldecode: {exc}") from None


def _digest(name: str, encode: Any = None) -> Any:
    def run(budget: Budget, text: str) -> str:
        import hashlib

        digest = hashlib.new(name, text.encode())
        return base64.b64encode(digest.digest()).decode() if encode else digest.hexdigest()

    return run


# -- IP networks --------------------------------------------------------------------------------


def _cidrhost(budget: Budget, prefix: str, hostnum: Any) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    index = int(number(hostnum))
    if index < 0:
        index += net.num_addresses
    if not 0 <= index < net.num_addresses:
        raise EvalError("cidrhost: the host number is out of range")
    return str(net.network_address + index)


def _cidrnetmask(budget: Budget, prefix: str) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    if net.version != 4:
        raise EvalError("cidrnetmask: only IPv4 prefixes have a netmask")
    return str(net.netmask)


def _cidrsubnets(budget: Budget, prefix: str, *newbits: Any) -> list:
    net = ipaddress.ip_network(prefix, strict=False)
    budget.items(len(newbits))
    out, start = [], int(net.network_address)
    end = start + net.num_addresses
    for bits in newbits:
        length = net.prefixlen + int(number(bits))
        if not net.prefixlen <= length <= net.max_prefixlen:
            raise EvalError("cidrsubnets: newbits out of range")
        size = 2 ** (net.max_prefixlen - length)
        start = -(-start // size) * size  # the next address aligned to the subnet's size
        if start + size > end:
            raise EvalError("cidrsubnets: not enough room for the subnets")
        out.append(f"{type(net.network_address)(start)}/{length}")
        start += size
    return out


FUNCTIONS: dict[str, Any] = {
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "merge": _merge,
    "concat": _concat,
    "format": _format,
    "join": _join,
    "split": _split,
    "tolist": lambda b, v: _items(b, list(v)),
    "toset": _toset,
    "tomap": lambda b, v: dict(v),
    "tostring": lambda b, v: to_string(v),
    "tonumber": lambda b, v: number(v),
    "tobool": _tobool,
    "length": lambda b, v: len(v),
    "contains": lambda b, lst, v: v in lst,
    "keys": lambda b, m: sorted(m.keys()),
    "values": lambda b, m: [m[k] for k in sorted(m)],
    "lower": lambda b, s: s.lower(),
    "upper": lambda b, s: s.upper(),
    "trimspace": lambda b, s: s.strip(),
    "replace": _replace,
    "regex": _regex,
    "regexall": _regexall,
    "element": lambda b, lst, i: lst[int(number(i)) % len(lst)],
    "flatten": _flatten,
    "distinct": _distinct,
    "compact": lambda b, lst: [v for v in lst if v not in (None, "")],
    "zipmap": lambda b, ks, vs: dict(zip(ks, vs, strict=True)),
    "min": lambda b, *v: min(number(x) for x in v),
    "max": lambda b, *v: max(number(x) for x in v),
    "abs": lambda b, v: abs(number(v)),
    "startswith": lambda b, s, p: s.startswith(p),
    "endswith": lambda b, s, p: s.endswith(p),
    "substr": _substr,
    "cidrsubnet": _cidrsubnet,
    "coalescelist": lambda b, *lists: next((lst for lst in lists if lst), []),
    "range": _range,
    # numbers
    "ceil": lambda b, v: _whole(v, math.ceil),
    "floor": lambda b, v: _whole(v, math.floor),
    "log": _log,
    "pow": _pow,
    "signum": lambda b, v: (number(v) > 0) - (number(v) < 0),
    "parseint": _parseint,
    "sum": _sum,
    # strings
    "chomp": lambda b, s: re.sub(r"(?:\r\n|\r|\n)+\Z", "", s),
    "formatlist": _formatlist,
    "indent": _indent,
    "strcontains": lambda b, s, sub: sub in s,
    "strrev": lambda b, s: s[::-1],
    "title": _title,
    "trim": _trim,
    "trimprefix": _trimprefix,
    "trimsuffix": _trimsuffix,
    # collections
    "alltrue": lambda b, v: all(_truth(v)),
    "anytrue": lambda b, v: any(_truth(v)),
    "chunklist": _chunklist,
    "index": _index,
    "matchkeys": _matchkeys,
    "one": _one,
    "reverse": lambda b, v: list(reversed(v)),
    "setintersection": _setintersection,
    "setproduct": _setproduct,
    "setsubtract": _setsubtract,
    "setunion": _setunion,
    "slice": _slice,
    "sort": _sort,
    "transpose": _transpose,
    # encodings and hashes
    "base64decode": _base64decode,
    "base64encode": _base64encode,
    "csvdecode": _csvdecode,
    "urlencode": _urlencode,
    "textencodebase64": _textencodebase64,
    "textdecodebase64": _textdecodebase64,
    "yamldecode": _yamldecode,
    "md5": _digest("md5"),
    "sha1": _digest("sha1"),
    "sha256": _digest("sha256"),
    "sha512": _digest("sha512"),
    "base64sha256": _digest("sha256", encode=True),
    "base64sha512": _digest("sha512", encode=True),
    # IP networks
    "cidrhost": _cidrhost,
    "cidrnetmask": _cidrnetmask,
    "cidrsubnets": _cidrsubnets,
    # type conversion: sensitivity is not a value's concern here
    "sensitive": lambda b, v: v,
    "nonsensitive": lambda b, v: v,
    "ephemeralasnull": lambda b, v: v,
}


# -- lazy functions: they see the evaluator and the argument nodes ------------------------------


def _try(ev: Any, args: list, node: Any) -> Any:
    last: Any = None
    for arg in args:
        try:
            return ev.eval(arg)
        except EvalError as exc:
            last = exc
    raise EvalError(f"no try() argument could be evaluated ({last})")


def _can(ev: Any, args: list, node: Any) -> Any:
    if len(args) != 1:
        raise EvalError("can() takes one argument")
    try:
        value = ev.eval(args[0])
    except EvalError:
        return False
    return (
        True
        if is_literal(value)
        else ev.unknown(node, f"can() of a value not known ({why(value)})")
    )


def _coalesce(ev: Any, args: list, node: Any) -> Any:
    for arg in args:
        value = ev.eval(arg)
        if not is_literal(value):
            return ev.unknown(node, f"coalesce() argument is not known ({why(value)})")
        if value not in (None, ""):
            return value
    raise EvalError("coalesce(): no non-empty argument")


def _lookup(ev: Any, args: list, node: Any) -> Any:
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
