"""Judging names and values: is this name a secret's name, is this value a real literal?

These are the shared gates of the text detectors and of the graph rules (a ``password``
attribute of a resource is checked with :func:`is_secret_name` and :func:`looks_secret`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

# --------------------------------------------------------------------------- names

# A name is a secret's name when one of its words is one of these ...
_STRONG_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
        "auth",
    }
)
# ... or when it joins one of these qualifiers with "key" (api_key, SecretAccessKey, APP_KEY).
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "master",
        "encryption",
        "signing",
        "app",
        "client",
        "account",
        "storage",
        "shared",
        "hmac",
        "session",
        "auth",
        "license",
        "service",
        "root",
    }
)
# Words squeezed into one lowercase token ("dbpassword", "mysqlrootpassword", "authtoken").
_FUSED = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "passphrase",
)

# A word anywhere in the name that makes it a setting *about* a secret, not the secret itself.
_EXCLUDED_WORDS = frozenset(
    {
        "file",
        "files",
        "path",
        "dir",
        "url",
        "uri",
        "endpoint",
        "arn",
        "arns",
        "length",
        "len",
        "policy",
        "reset",
        "required",
        "manage",
        "managed",
        "kms",
        "public",
        "pub",
        "generate",
        "template",
        "rotation",
        "rotate",
        "enabled",
        "enable",
        "min",
        "max",
        "count",
        "name",
        "names",
        "ref",
        "env",
        "var",
        "param",
        "parameter",
        "type",
        "mode",
        "expiry",
        "expires",
        "expiration",
        "ttl",
        "timeout",
        "header",
        "prefix",
        "store",
        "manager",
        "provider",
        "hint",
        "prompt",
        "label",
        "description",
        "regex",
        "pattern",
        "format",
        "field",
        "hash",
        "salt",
        "version",
        "exclude",
        "include",
        "characters",
        "chars",
        "complexity",
        "age",
        "history",
        "id",
        "ids",
        "size",
        "bits",
        "location",
        "source",
        "method",
        "algorithm",
        "usage",
        "key",
    }
)
# Names where the generic "id"/"key" exclusion must not apply.
_KEEP = (("access", "key", "id"),)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


def _words(name: str) -> list[str]:
    name = name.strip().strip("\"'`$@-")
    # a dotted / pathed name is judged by its last segment (spring.datasource.password)
    name = re.split(r"[./:\\]", name)[-1] if any(c in name for c in "./:\\") else name
    name = _CAMEL.sub("_", name).lower()
    return [w for w in _SPLIT.split(name) if w]


@lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """True when ``name`` names a secret value (``password``, ``DB_PASSWORD``,
    ``MasterUserPassword``, ``api_key``, ``client_secret``, ``aws_access_key_id``...).

    Settings about a secret are not secrets: ``POSTGRES_PASSWORD_FILE``, ``password_length``,
    ``token_url``, ``secret_arn``, ``kms_key_id``, ``public_key``, ``manage_master_user_password``.
    """
    words = _words(name)
    if not words:
        return False
    for keep in _KEEP:  # aws_access_key_id is a credential even though it ends in _id
        if len(words) >= len(keep) and tuple(words[-len(keep) :]) == keep:
            return not any(w in _EXCLUDED_WORDS for w in words[: -len(keep)])
    strong = any(w in _STRONG_WORDS for w in words)
    if not strong:
        strong = any(
            w == "key" and i > 0 and words[i - 1] in _KEY_QUALIFIERS for i, w in enumerate(words)
        )
    if not strong:
        strong = any(w.endswith(f) for w in words for f in _FUSED)
    if not strong:
        return False
    # "key" is excluded only as a trailing word of a name that is secret for another reason
    # (password_key, token_key are lookup keys); api_key / secret_key stay secret.
    for i, w in enumerate(words):
        if w == "key":
            if i == len(words) - 1 and (i == 0 or words[i - 1] not in _KEY_QUALIFIERS):
                return False
            continue
        if w in _EXCLUDED_WORDS:
            return False
    return True


# --------------------------------------------------------------------------- values

_PLACEHOLDER_WORDS = frozenset(
    {
        "changeme",
        "change_me",
        "change-me",
        "changeit",
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "secrets",
        "token",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "test",
        "testing",
        "tests",
        "dummy",
        "todo",
        "tbd",
        "fixme",
        "placeholder",
        "example",
        "sample",
        "foo",
        "bar",
        "baz",
        "foobar",
        "none",
        "null",
        "nil",
        "undefined",
        "redacted",
        "hidden",
        "masked",
        "default",
        "value",
        "string",
        "str",
        "int",
        "number",
        "boolean",
        "bool",
        "object",
        "required",
        "optional",
        "sensitive",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "empty",
        "blank",
        "na",
        "n/a",
        "unset",
        "notset",
        "not-set",
        "unknown",
        "mypassword",
        "mysecret",
        "yourpassword",
        "secret123",
        "password123",
        "password1",
        "x-oauth-basic",
        "inherit",
        "generated",
        "auto",
        "random",
        "disabled",
        "enabled",
        "prompt",
        "ask",
        "vault",
        "env",
        "file",
        "changed",
        "set",
        "secure",
        "encrypted",
    }
)
_PLACEHOLDER_PARTS = (
    "example",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "placeholder",
    "dummy",
    "sample",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "insert",
    "fixme",
    "todo",
    "xxxx",
    "****",
    "...",
    "\u2026",
    "<",
    ">",
    "_here",
    "-here",
)
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "9876543210")
_TEMPLATE = re.compile(r"^(?:\{[^{}]*\}|\[[^\[\]]*\]|%[A-Za-z_]+%|__[A-Za-z0-9_]+__)$")


def is_placeholder(value: str) -> bool:
    """True for values that stand in for a secret: empty, ``changeme``, ``<your-key>``,
    ``xxxx``, ``****``, ``REPLACE_ME``, ``${...}``, ``example``, ``TODO``, one repeated
    character, a keyboard/number sequence, ``{password}``..."""
    v = value.strip().strip("\"'`").strip()
    if not v:
        return True
    low = v.lower()
    if low in _PLACEHOLDER_WORDS or "${" in v:
        return True
    if any(part in low for part in _PLACEHOLDER_PARTS):
        return True
    if _TEMPLATE.match(v):
        return True
    if len(set(low)) <= 2 and len(low) >= 2:  # aaaa, 0000, xoxo, "ab"
        return True
    if low.count("x") * 2 >= len(low) >= 4:  # AKIAXXXXXXXXXXXXXXXX
        return True
    return len(low) >= 4 and any(low in seq for seq in _SEQUENCES)  # 123456, abcdef


_REFERENCE = re.compile(
    r"""^(?:
        (?:var|local|data|module|each|count|path|terraform|self)\.[A-Za-z_][\w.\-\[\]"*]*
      | \$[A-Za-z_]\w*                                  # $VAR
      | \$\{[^}]*\}                                     # ${VAR}
      | \$\([^)]*\)                                     # $(cmd)
      | `[^`]*`                                         # `cmd`
      | !(?:Ref|Sub|GetAtt|ImportValue|Join|Select|If|FindInMap|Base64|Split|Cidr|GetAZs
          |Transform|Condition|vault|env|secret)\b.*    # YAML tags: !Ref X, !Sub ..., !vault
      | arn:aws[\w-]*:(?:secretsmanager|ssm|kms):.*     # Secrets Manager / SSM / KMS ARNs
      | (?:op|vault|sm|ssm|secretsmanager|awskms|gcpkms|azurekeyvault)://.*
      | vault:[\w/.\-]+(?:\#\w+)?
      | ENC\[.*\]                                       # sops
    )$""",
    re.VERBOSE | re.DOTALL,
)
_INTERPOLATION = ("${", "{{", "$(", "%{", "#{")
_PYFORMAT = re.compile(r"%\([A-Za-z_]\w*\)[sdr]|^%[sd]$|^\{[A-Za-z_]\w*\}$")


def is_reference(value: str) -> bool:
    """True when ``value`` points at a secret kept elsewhere instead of holding one:
    ``var.x`` / ``local.x`` / ``data.x``, ``${VAR}``, ``$VAR``, ``$(cmd)``,
    ``${{ secrets.X }}``, ``{{resolve:secretsmanager:...}}``, ``{{resolve:ssm-secure:...}}``,
    ``!Ref X``, ``%(x)s``, Secrets Manager / SSM ARNs, ``vault:``/``op://`` URIs, sops ``ENC[]``.
    A value with any interpolation in it is a template, not a literal."""
    v = value.strip().strip("\"'").strip()
    if not v:
        return False
    if any(m in v for m in _INTERPOLATION):
        return True
    return bool(_REFERENCE.match(v) or _PYFORMAT.search(v))


_NOT_SECRET = re.compile(
    r"""^(?:
        arn:[\w-]+:[\w-]*:.*                                       # any ARN
      | [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}  # UUID
      | \d{12}                                                     # AWS account id
      | [0-9a-f]{40}                                               # commit SHA
      | (?:sha1|sha256|sha384|sha512|md5)[:\-][A-Za-z0-9+/=_\-]+   # digests, SRI integrity
      | [A-Za-z][A-Za-z0-9+.\-]*://[^@\s]*                         # URL without credentials
      | (?:/|\./|\.\./|~/)[^\s]*                                   # file paths
      | [\w.\-]+\.(?:txt|pem|key|json|ya?ml|env|crt|cer|p12|pfx|jks|conf|ini|cfg|asc|gpg|sh)
      | [A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+                              # ENV_VAR_NAME as a value
      | \d+\.\d+(?:\.\d+)*                                          # versions, decimals
    )$""",
    re.VERBOSE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z][\w.\-]*$")


def looks_secret(value: str) -> bool:
    """Literal gate for a value found under a secret name: True unless the value is a
    placeholder, a reference, an ARN / UUID / account id / commit SHA / digest / path / URL,
    a number, or shorter than 4 characters. Weak passwords count (``hunter2``)."""
    if not isinstance(value, str):
        return False
    v = value.strip()
    if len(v) < 4 or is_placeholder(v) or is_reference(v):
        return False
    if _NOT_SECRET.match(v):
        return False
    # the name of a secret rather than its value: "db-password", "mysql_root_password"
    return not (_IDENTIFIER.match(v) and any(f in v.lower() for f in _FUSED))


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character (0.0 for an empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())
