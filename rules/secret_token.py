"""API token committed.

## What it does
Finds provider tokens with a recognisable format in any text file: GitHub (`ghp_`, `gho_`,
`ghs_`, `github_pat_`, checksum verified), Slack tokens, incoming-webhook URLs (Slack, Discord,
Microsoft Teams), Stripe live keys, Google API keys, npm and PyPI tokens, and JSON Web Tokens.

## Why is this bad?
A token grants whatever its owner can do: push code, read private repositories, post to
channels, charge cards, publish packages. Token scanners find them in public commits at once.

## How to fix
Revoke the token with its provider, create a new one, and supply it at runtime (CI secrets such
as `${{ secrets.NPM_TOKEN }}`, a secrets manager, an untracked `.env`).

## Example
```ini
//registry.npmjs.org/:_authToken=npm_...
```

## Use instead
```ini
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
```
"""

from infralint_rules._text_secrets import hits

ID = "IL305"
NAME = "provider-token"
CATEGORY = "committed-secret"
SEVERITY = "critical"
FACTS = ("TextFile",)
FORMATS = ("terraform", "cloudformation", "compose", "text")
ONE_PER_LINE = True

DETECTORS = {
    "github-token",
    "slack-token",
    "slack-webhook",
    "discord-webhook",
    "teams-webhook",
    "stripe-key",
    "google-api-key",
    "npm-token",
    "pypi-token",
    "jwt",
    "npmrc-token",
}


def check(ctx, text_file):
    yield from hits(ctx, text_file, DETECTORS)
