"""Provider token formats: the regexes, the cheap substrings that gate them, and the
validators (checksums, decodings) that keep their noise down.

Each provider detector is a :class:`TokenPattern`. ``gates`` are plain substrings: when none
occurs in a file, the regex is never run on it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from infralint.secrets.words import entropy, is_placeholder

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62_crc32(data: str) -> str:
    """The 6-character checksum of GitHub-format tokens: CRC32 of ``data`` written in base62
    (digits, upper case, lower case), left-padded with ``0``."""
    n = zlib.crc32(data.encode("ascii"))
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(6, "0")


def checksum_ok(token: str, prefix_len: int) -> bool:
    """GitHub classic tokens and npm tokens: ``prefix`` + 30 random chars + 6 checksum chars."""
    body = token[prefix_len:]
    return len(body) == 36 and base62_crc32(body[:30]) == body[30:]


def _b64url_json(segment: str) -> object:
    import base64  # imported on first use: JWT candidates are rare
    import binascii
    import json

    padded = segment + "=" * (-len(segment) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError):
        return None


def jwt_ok(token: str) -> bool:
    """Three base64url segments whose header is a JSON object naming a signing ``alg``."""
    header, payload, signature = token.split(".")[:3]
    head = _b64url_json(header)
    if not isinstance(head, dict) or not isinstance(head.get("alg"), str):
        return False
    if head["alg"].lower() == "none" or not signature:
        return False
    return isinstance(_b64url_json(payload), dict)


def _not_placeholder(token: str) -> bool:
    return not is_placeholder(token) and "EXAMPLE" not in token.upper()


def aws_key_id_ok(token: str) -> bool:
    """Not AWS's documentation example (``AKIAIOSFODNN7EXAMPLE``) nor a placeholder."""
    return not token.endswith("EXAMPLE") and not is_placeholder(token[4:])


_B64_SET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def aws_secret_ok(value: str) -> bool:
    """40 base64 characters that look random: mixed case, not hex, not an example key."""
    return (
        len(value) == 40
        and set(value) <= _B64_SET
        and "EXAMPLE" not in value.upper()
        and any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and entropy(value) >= 4.2
        and not is_placeholder(value)
    )


def _random_tail(start: int, min_entropy: float = 3.0) -> Callable[[str], bool]:
    def check(token: str) -> bool:
        tail = token[start:]
        return _not_placeholder(tail) and entropy(tail) >= min_entropy

    return check


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """One provider format. ``severity`` may be a callable of the matched token."""

    detector: str
    gates: tuple[str, ...]
    regex: re.Pattern
    valid: Callable[[str], bool]
    severity: str | Callable[[str], str]
    description: str | Callable[[str], str]


def _stripe_severity(token: str) -> str:
    return "critical" if "_live_" in token else "medium"


def _stripe_description(token: str) -> str:
    kind = "restricted" if token.startswith("rk_") else "secret"
    mode = "live" if "_live_" in token else "test-mode"
    return f"Stripe {mode} {kind} key"


_GH_KINDS = {
    "ghp": "personal access token",
    "gho": "OAuth access token",
    "ghu": "user-to-server token",
    "ghs": "server-to-server token",
    "ghr": "refresh token",
    "git": "fine-grained token",
}

# Boundaries: a token must not be glued to more token characters on either side.
_L = r"(?<![A-Za-z0-9_\-])"
_R = r"(?![A-Za-z0-9_\-])"

AWS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])")
AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")

TOKEN_PATTERNS: tuple[TokenPattern, ...] = (
    TokenPattern(
        "aws-access-key-id",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
        AWS_KEY_ID,
        aws_key_id_ok,
        "critical",
        "AWS access key id",
    ),
    TokenPattern(
        "github-token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        re.compile(_L + r"gh[pousr]_[A-Za-z0-9]{36}" + _R),
        lambda t: checksum_ok(t, 4),
        "critical",
        lambda t: "GitHub " + _GH_KINDS[t[:3]],
    ),
    TokenPattern(
        "github-token",
        ("github_pat_",),
        re.compile(_L + r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + _R),
        _random_tail(11, 4.0),
        "critical",
        "GitHub fine-grained personal access token",
    ),
    TokenPattern(
        "slack-token",
        ("xox",),
        re.compile(_L + r"xox[baprs]-[0-9]{1,13}(?:-[0-9]{6,13}){0,3}-[A-Za-z0-9]{20,64}" + _R),
        _random_tail(5),
        "critical",
        "Slack API token",
    ),
    TokenPattern(
        "slack-webhook",
        ("hooks.slack.com",),
        re.compile(
            r"https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}"
            + _R
        ),
        lambda t: _not_placeholder(t.rsplit("/", 1)[1]),
        "high",
        "Slack incoming webhook URL",
    ),
    TokenPattern(
        "discord-webhook",
        ("discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
        re.compile(
            r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/"
            r"[A-Za-z0-9_\-]{60,68}" + _R
        ),
        lambda t: _not_placeholder(t.rsplit("/", 1)[1]),
        "high",
        "Webhook URL of Discord",
    ),
    TokenPattern(
        "teams-webhook",
        (".webhook.office.com/", "outlook.office.com/webhook", ".logic.azure.com"),
        re.compile(
            r"https://(?:[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2|outlook\.office\.com/webhook)"
            r"/[0-9a-f\-]{36}@[0-9a-f\-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f\-]{36}"
            r"(?:/[A-Za-z0-9_\-]{20,})?"
            r"|https://[A-Za-z0-9\-.]+\.logic\.azure\.com(?::443)?/workflows/[0-9a-f]{32}/"
            r"triggers/[\w\-]+/paths/invoke\?[^\s\"'<>]*?sig=[A-Za-z0-9_\-%]{40,}"
        ),
        _not_placeholder,
        "high",
        "Incoming webhook URL of Microsoft Teams",
    ),
    TokenPattern(
        "stripe-key",
        ("_live_", "_test_"),
        re.compile(_L + r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247}" + _R),
        _random_tail(8),
        _stripe_severity,
        _stripe_description,
    ),
    TokenPattern(
        "google-api-key",
        ("AIza",),
        re.compile(_L + r"AIza[A-Za-z0-9_\-]{35}" + _R),
        _random_tail(4),
        "critical",
        "Google API key",
    ),
    TokenPattern(
        "npm-token",
        ("npm_",),
        re.compile(_L + r"npm_[A-Za-z0-9]{36}" + _R),
        lambda t: checksum_ok(t, 4),
        "critical",
        "npm access token",
    ),
    TokenPattern(
        "pypi-token",
        ("pypi-AgE",),
        re.compile(_L + r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}" + _R),
        _not_placeholder,
        "critical",
        lambda t: "TestPyPI API token" if t.startswith("pypi-AgEN") else "PyPI API token",
    ),
    TokenPattern(
        "jwt",
        ("eyJ",),
        re.compile(_L + r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}" + _R),
        jwt_ok,
        "high",
        "JSON Web Token",
    ),
)

PRIVATE_KEY_GATE = "PRIVATE KEY"
PRIVATE_KEY_BEGIN = re.compile(
    r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |SSH2 ENCRYPTED |PGP )?PRIVATE KEY"
    r"(?: BLOCK)?)-----"
)
PRIVATE_KEY_MATERIAL = re.compile(r"[A-Za-z0-9+/=]")

# scheme://user:password@host — matched right after "://"; the scheme is checked separately.
URL_USERINFO = re.compile(
    r"(?P<user>[^\s:/@'\"`<>{}]*):(?P<password>[^\s:/@'\"`<>]+)@(?=[A-Za-z0-9\[_])"
)
URL_HOST = re.compile(r"[A-Za-z0-9.\-_]+")
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}$")
