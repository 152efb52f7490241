"""The result type of the detectors and the catalogue of detector ids."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """One secret found in a file.

    Lines and columns are 1-based; ``end_col`` is exclusive (SARIF semantics). ``secret`` is the
    raw text of the secret, kept only so callers can redact it: never print it.
    """

    detector: str
    line: int
    col: int
    end_line: int
    end_col: int
    secret: str
    severity: str  # "critical" | "high" | "medium"
    description: str  # human message, never containing the secret

    def __repr__(self) -> str:  # keep the raw secret out of logs and test failure output
        return (
            f"Hit({self.detector!r}, {self.line}:{self.col}-{self.end_line}:{self.end_col}, "
            f"{self.severity!r})"
        )


DETECTORS: dict[str, str] = {
    "aws-access-key-id": "AWS access key id (AKIA/ASIA/ABIA/ACCA followed by 16 base32 chars)",
    "aws-secret-access-key": "AWS secret access key (40 chars) next to an access key id or "
    "assigned to an AWS secret key name",
    "private-key": "PEM/OpenSSH/PGP private key block with key material",
    "github-token": "GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ with a valid CRC32 checksum, or a "
    "fine-grained github_pat_)",
    "slack-token": "Slack API token (xoxb-/xoxp-/xoxa-/xoxr-/xoxs-)",
    "slack-webhook": "Slack incoming webhook URL (hooks.slack.com/services/...)",
    "discord-webhook": "Discord webhook URL (discord.com/api/webhooks/<id>/<token>)",
    "teams-webhook": "Microsoft Teams incoming webhook URL (*.webhook.office.com/webhookb2/..., "
    "or a Power Automate workflow URL with its sig=)",
    "stripe-key": "Stripe secret or restricted key (live: critical, test mode: medium)",
    "google-api-key": "Google API key (AIza...)",
    "jwt": "JSON Web Token with a signature (header declares an alg)",
    "npm-token": "npm access token (npm_ with a valid CRC32 checksum)",
    "pypi-token": "PyPI / TestPyPI API token (pypi-AgE...)",
    "url-credentials": "Password written in a URL (scheme://user:password@host)",
    "generic-secret-assignment": "Literal value assigned to a secret-looking name "
    "(password, token, api_key, ...)",
}
