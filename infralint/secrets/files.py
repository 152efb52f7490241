"""Files that are secrets in themselves: SSH private keys, key stores, registry credentials."""

from __future__ import annotations

import re

from infralint.secrets.patterns import aws_secret_ok
from infralint.secrets.scan import scan_text
from infralint.secrets.words import is_placeholder, is_reference, looks_secret

_SSH_KEY_NAMES = frozenset(
    {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"}
)
_KEYSTORE_SUFFIXES = {
    ".p12": "PKCS#12 key store",
    ".pfx": "PKCS#12 key store",
    ".jks": "Java key store",
    ".keystore": "Java key store",
}
_NPM_AUTH = re.compile(r"(?m)^\s*(?://[^\s=]*:)?_(?:authToken|auth|password)\s*=\s*(\S+)")
_AWS_CREDS = re.compile(r"(?mi)^\s*aws_secret_access_key\s*=\s*(\S+)")
_NETRC_PASSWORD = re.compile(r"(?:^|\s)password\s+(\S+)")


def secret_file_kind(name: str, text: str | None = None) -> str | None:
    """A short description when the file ``name`` (a path or a base name) is itself a secret,
    else None. ``text`` is the file's content when known (None: judge by the name only, which
    is possible for SSH keys and key stores but not for ``.pem`` / ``.key`` / ``.npmrc``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    low = base.lower()
    if low in _SSH_KEY_NAMES:
        if text is None or "PRIVATE KEY" in text:
            return "SSH private key"
        return None
    for suffix, kind in _KEYSTORE_SUFFIXES.items():
        if low.endswith(suffix):
            return kind
    if text is None:
        return None
    if low.endswith((".pem", ".key")):
        if any(h.detector == "private-key" for h in scan_text(text, name)):
            return "Private key file"
        return None
    if low == ".npmrc":
        if any(_real(v) for v in _NPM_AUTH.findall(text)):
            return "npm registry credentials (.npmrc auth token)"
        return None
    if low == "credentials":
        if any(aws_secret_ok(v) for v in _AWS_CREDS.findall(text)):
            return "AWS shared credentials file"
        return None
    if low == ".git-credentials":
        if any(h.detector == "url-credentials" for h in scan_text(text, name)):
            return "Git credential store"
        return None
    if low in (".netrc", "_netrc"):
        if any(looks_secret(v) for v in _NETRC_PASSWORD.findall(text)):
            return "netrc file with a password"
        return None
    return None


def secret_file_values(name: str, text: str) -> list[str]:
    """The credential values written in a secret file's ``text`` (for redaction: they are
    never printed)."""
    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    values = [h.secret for h in scan_text(text, name)]
    if low == ".npmrc":
        values += [v.strip("\"'") for v in _NPM_AUTH.findall(text)]
    elif low == "credentials":
        values += _AWS_CREDS.findall(text)
    elif low in (".netrc", "_netrc"):
        values += _NETRC_PASSWORD.findall(text)
    return [v for v in values if v]


def _real(value: str) -> bool:
    value = value.strip("\"'")
    return not (is_placeholder(value) or is_reference(value)) and len(value) >= 8
