"""Secret detection over plain text: provider token formats, private keys, credentials in
URLs and literal values assigned to secret-looking names.

Pure library: standard library only, no dependency on the parsers or the engine. The
graph-based rules reuse the name/value gates (:func:`is_secret_name`, :func:`looks_secret`)
on parsed attributes; the text rules call :func:`scan_text` on every file.
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
