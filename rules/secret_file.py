"""File that is a secret in itself committed.

## What it does
Flags files whose name says they hold credentials and whose content confirms it: SSH private
keys (`id_rsa`, `id_ed25519`, ...), `*.pem` / `*.key` files holding a private key, PKCS#12 and
Java key stores (`*.p12`, `*.pfx`, `*.jks`, `*.keystore`, judged by name: they are binary),
`.npmrc` with an auth token, AWS shared `credentials` files with a secret key,
`.git-credentials` and `.netrc` with a password.

When a text detector already reports the secret inside the file (a private key block, an AWS
key, an npm token), the file is reported once, on that line.

## Why is this bad?
These files exist only to hold a secret. Once pushed, every clone of the repository has it, and
removing the file later leaves it in the history.

## How to fix
Delete the file from the repository and its history, rotate the credential it holds, and add
its name to `.gitignore`. Keep key stores and keys in a secrets manager, or supply them to CI as
encrypted secrets.

## Example
```text
certs/client.p12
deploy/id_rsa
.npmrc        # //registry.npmjs.org/:_authToken=npm_...
```

## Use instead
```ini
# .npmrc
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
```
"""

from infralint_rules._text_secrets import file_hits

from infralint.facts import TextFile
from infralint.model import Span

ID = "IL307"
NAME = "secret-file"
CATEGORY = "committed-secret"
SEVERITY = "critical"
FACTS = (TextFile,)
FORMATS = ("text",)
ONE_PER_LINE = True


def check(ctx, text_file):
    from infralint.secrets import secret_file_kind
    from infralint.secrets.files import secret_file_values

    binary = text_file.kind == "binary-secret"
    kind = secret_file_kind(text_file.path, None if binary else text_file.text)
    if kind is None:
        return
    line, values = 1, []
    if not binary:
        values = secret_file_values(text_file.path, text_file.text)
        found = file_hits(ctx, text_file)
        if found:  # the secret inside is reported there: one finding for the file
            line = min(hit.line for hit in found)
    yield ctx.file_finding(
        text_file.path,
        Span(line, line),
        f"{kind} committed: {text_file.path}",
        resource=text_file.path,
        redact=values,
    )
