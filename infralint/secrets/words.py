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
        # pagination and sequence tokens of API responses (nextForwardToken, uploadSequenceToken)
        "next",
        "previous",
        "forward",
        "backward",
        "sequence",
        "pagination",
        "continuation",
        "page",
        "marker",
        "cursor",
        "namespace",
        "special",
        "map",
        "maps",
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
    " here",
    "enter your",
    "mock_",
    "mock-",
    "fake_",
    "fake-",
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
      | \$[A-Za-z_][\w\-]*[.:]\S*                        # $context.authorizer.token, $kms_keys:a/b
      | \$[A-Za-z_][\w\-]*                              # $slack-token (Argo CD, Helm, ...)
      | CiQA[A-Za-z0-9+/=]+                             # a Google Cloud KMS ciphertext
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
# The shape of a name, not of a value: lower-case words joined by separators
# ("db-password", "mysql_root_password", "prod/app/api-token").
_NAME_SHAPE = re.compile(r"^[a-z0-9]+(?:[-_.:/][a-z0-9]+)+$")
# A path of three or more segments, one of them a word: a resource name
# ("projects/p/secrets/db-password", "projects/p/locations/l/keyRings/r/cryptoKeys/k").
_PATH_LIKE = re.compile(r"^[\w.\-@]+(?:/[\w.\-@]+){2,}$")
_PATH_WORD = re.compile(r"(?:^|/)[a-z][a-z\-]{2,}(?:/|$)")
_RELATIVE_FILE = re.compile(r"^[\w.\-]+(?:/[\w.\-]+)+\.[A-Za-z]{1,5}$")  # bin/cli.js
_DOTTED_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")  # authSecret.github_token
# Public material: certificates and public keys, as PEM, base64 PEM or OpenSSH lines.
_PUBLIC_MATERIAL = re.compile(
    r"^(?:-----BEGIN (?:CERTIFICATE|[A-Z ]*PUBLIC KEY)-----"
    r"|LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS|LS0tLS1CRUdJTiBQVUJMSUMgS0VZ|LS0tLS1CRUdJTiBSU0EgUFVCTElDIEtFW"
    r"|(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-[\w-]+) AAAA)"
)
# Passwords that ship as defaults of databases, images and tutorials: weak, and still
# committed credentials (reported at a lower severity, never dropped as placeholders).
# "changeme", "test" and "example" say that they stand in for the real value: placeholders.
_DEFAULT_PASSWORDS = frozenset(
    {
        "pass",
        "password",
        "passwd",
        "passw0rd",
        "p@ssw0rd",
        "pa55word",
        "password1",
        "password123",
        "admin",
        "admin123",
        "administrator",
        "root",
        "root123",
        "toor",
        "postgres",
        "mysql",
        "mariadb",
        "mongo",
        "redis",
        "oracle",
        "secret",
        "secret123",
        "mysecret",
        "mypassword",
        "mysecretpassword",
        "letmein",
        "qwerty",
        "guest",
        "demo",
        "sa",
        "1234",
        "12345",
        "123456",
        "12345678",
        "123456789",
    }
)


def is_default_password(value: str) -> bool:
    """True for a well-known default or tutorial password (``pass``, ``admin``, ``postgres``,
    ``mysecretpassword``, ``changeme``...)."""
    return isinstance(value, str) and value.strip().strip("\"'").lower() in _DEFAULT_PASSWORDS


def is_name_shaped(value: str) -> bool:
    """True when ``value`` has the shape of a name or a path rather than of a secret: lower-case
    words joined by separators that name a secret (``db-password``), a resource path of three or
    more segments (``projects/p/secrets/api-token``) or a relative file name (``bin/auth.js``).
    A value that merely contains a secret word (``SuperSecretPassw0rd``) is not a name."""
    v = value.strip()
    low = v.lower()
    if (_NAME_SHAPE.match(v) or _DOTTED_NAME.match(v)) and any(f in low for f in _FUSED + ("key",)):
        return True
    if _PATH_LIKE.match(v) and _PATH_WORD.search(v):
        return True
    return bool(_RELATIVE_FILE.match(v))


def looks_secret(value: str) -> bool:
    """Literal gate for a value found under a secret name: True unless the value is a
    placeholder, a reference, an ARN / UUID / account id / commit SHA / digest / path / URL,
    a name (:func:`is_name_shaped`), a certificate or public key, punctuation only, a number,
    or shorter than 4 characters. Weak passwords count (``hunter2``)."""
    if not isinstance(value, str):
        return False
    v = value.strip()
    if len(v) < 4 or is_placeholder(v) or is_reference(v):
        return False
    if _NOT_SECRET.match(v) or _PUBLIC_MATERIAL.match(v):
        return False
    if not any(c.isalnum() for c in v):  # a character set: "!@#$%^&*()_+"
        return False
    return not is_name_shaped(v)


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character (0.0 for an empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())
