"""Secret detection over plain text: provider token formats, private keys, credentials in
URLs and literal values assigned to secret-looking names.

Pure library: standard library only, no dependency on the parsers or the engine. The
graph-based rules reuse the name/value gates (:func:`is_secret_name`, :func:`looks_secret`)
on parsed attributes; the text rules call :func:`scan_text` on every file.

Decisions:

- GitHub classic tokens (``ghp_`` ...) and npm tokens carry a CRC32 checksum (last 6 chars:
  base62 of the CRC32 of the 30 random chars); a token whose checksum fails is not reported,
  not even by the generic detector. Fine-grained ``github_pat_`` tokens have no public
  checksum: format and entropy only.
- Stripe test-mode keys (``sk_test_`` / ``rk_test_``) are reported at medium, live keys at
  critical; publishable keys (``pk_``) are not secrets.
- An AWS secret access key is only reported within 5 lines of an access key id or when
  assigned to an AWS secret key name; AWS's documentation example keys never are.
- Incoming-webhook URLs of Slack, Discord and Microsoft Teams are tokens.
- URL credentials: passwords shorter than 4 chars and documentation hosts (example.com,
  ``*.example``, ``*.test``, ``*.invalid``) are ignored.
- Generic assignments: password-like names need >= 6 chars and 2.5 bits/char (weak committed
  passwords count); other names (token, api_key ...) need >= 12 chars, 3.0 bits/char, a letter
  and not plain words. In source files (``.tf``, ``.py`` ...) only quoted values are literals.
  In a comment only a value that looks generated counts (``# password = "MyDBPassword1!"`` is
  an example of the format).
- Well-known default passwords (``pass``, ``admin``, ``postgres``, ``mysecretpassword``) under a
  password name or in a URL are reported at low severity (:func:`is_default_password`);
  ``changeme``, ``example``, ``test`` are placeholders.
- :func:`looks_secret` follows the shared gate: bare 40-hex (commit SHA), UUIDs, 12-digit
  account ids, ARNs, names and paths (:func:`is_name_shaped`), certificates and public keys,
  and references in other tools' syntax (``$context.authorizer.token``, ``$kms_keys:a/b``)
  are never secrets, even under a secret name. A value that merely contains a secret word
  (``SuperSecretPassw0rd``) is one.
- Redaction shows at most ``min(4, len // 4)`` leading characters, then a fixed ``****``.
"""

from infralint.secrets.files import secret_file_kind
from infralint.secrets.hit import DETECTORS, Hit
from infralint.secrets.redact import redact, redact_text
from infralint.secrets.scan import scan_text
from infralint.secrets.words import (
    entropy,
    is_default_password,
    is_name_shaped,
    is_placeholder,
    is_reference,
    is_secret_name,
    looks_secret,
)

__all__ = [
    "DETECTORS",
    "Hit",
    "entropy",
    "is_default_password",
    "is_name_shaped",
    "is_placeholder",
    "is_reference",
    "is_secret_name",
    "looks_secret",
    "redact",
    "redact_text",
    "scan_text",
    "secret_file_kind",
]
