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
- URL credentials: passwords shorter than 4 chars and documentation hosts (example.com,
  ``*.example``, ``*.test``, ``*.invalid``) are ignored.
- Generic assignments: password-like names need >= 6 chars and 2.5 bits/char (weak committed
  passwords count); other names (token, api_key ...) need >= 12 chars, 3.0 bits/char and not
  plain words. In source files (``.tf``, ``.py`` ...) only quoted values are literals.
- :func:`looks_secret` follows the shared gate: bare 40-hex (commit SHA), UUIDs, 12-digit
  account ids and ARNs are never secrets, even under a secret name.
- Redaction shows at most ``min(4, len // 4)`` leading characters, then a fixed ``****``.
"""

from infralint.secrets.files import secret_file_kind
from infralint.secrets.hit import DETECTORS, Hit
from infralint.secrets.redact import redact, redact_text
from infralint.secrets.scan import scan_text
from infralint.secrets.words import (
    entropy,
    is_placeholder,
    is_reference,
    is_secret_name,
    looks_secret,
)

__all__ = [
    "DETECTORS",
    "Hit",
    "entropy",
    "is_placeholder",
    "is_reference",
    "is_secret_name",
    "looks_secret",
    "redact",
    "redact_text",
    "scan_text",
    "secret_file_kind",
]
