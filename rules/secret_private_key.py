"""Private key committed.

## What it does
Finds PEM private key blocks (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP) in any text file,
and files that are private keys by name (`id_rsa`, `*.pem`/`*.key` holding a key).

## Why is this bad?
A private key proves identity: whoever has it can log into the servers that trust it, decrypt
the traffic it protects or sign as you.

## How to fix
Remove the key from the repository and its history, revoke it (remove the public key from every
`authorized_keys`, reissue the certificate), and keep keys in a secrets manager or an SSH agent.

## Example
```text
-----BEGIN OPENSSH PRIVATE KEY-----
(the key, base64 lines)
-----END OPENSSH PRIVATE KEY-----
```

## Use instead
```hcl
resource "aws_key_pair" "deploy" {
  public_key = file("deploy.pub")
}
```
"""

from infralint_rules._text_secrets import hits

ID = "IL303"
NAME = "private-key"
CATEGORY = "committed-secret"
SEVERITY = "critical"
FACTS = ("TextFile",)
FORMATS = ("terraform", "cloudformation", "compose", "text")
ONE_PER_LINE = True


def check(ctx, text_file):
    yield from hits(ctx, text_file, {"private-key", "private-key-file"})
