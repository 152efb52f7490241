"""EFS file system not encrypted.

## What it does
Finds EFS file systems created without encryption at rest: `encrypted` false or absent in
Terraform, `Encrypted` false or absent in CloudFormation (the API creates an unencrypted file
system unless asked; only the console encrypts by default).

## Why is this bad?
Files, their metadata and backups of the file system are stored in the clear. Encryption can
only be chosen when the file system is created: fixing it later means copying every file to
a new file system.

## How to fix
Set `encrypted = true` (and a `kms_key_id` for a customer managed key).

## Example
```hcl
resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
}
```

## Use instead
```hcl
resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
  encrypted      = true
}
```
"""

from infralint.facts.databases import FileSystem

ID = "IL703"
NAME = "efs-unencrypted"
CATEGORY = "encryption"
SEVERITY = "medium"
FACTS = (FileSystem,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, fs):
    if fs.encrypted.may_be_false():
        yield ctx.finding(
            fs.resource,
            fs.encrypted,
            f"EFS file system {fs.resource.address} is not encrypted at rest{fs.encrypted.why}",
        )
