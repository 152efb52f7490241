"""Terraform block label that Terraform rejects.

## What it does
Finds `resource` blocks whose type or name label is not a valid Terraform identifier: it must
start with a letter or an underscore and hold only letters, digits, underscores and dashes
(`"1st-bucket"`, `"logs.archive"`, `"my bucket"` are rejected).

## Why is this bad?
`terraform validate`, `plan` and `apply` all stop at the first invalid name: the change
cannot ship, and every other module in the same configuration is blocked with it.

## How to fix
Rename the block (start with a letter; replace dots and spaces with `_` or `-`). For an
existing resource, add a `moved` block so Terraform keeps its state.

## Example
```hcl
resource "aws_s3_bucket" "1st-logs" {
  bucket = "acme-logs"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "first_logs" {
  bucket = "acme-logs"
}
```
"""

import re

from infralint.facts.correctness import BlockLabels

ID = "IL1106"
NAME = "terraform-invalid-name"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (BlockLabels,)
FORMATS = ("terraform",)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def check(ctx, block):
    labels = block.labels.value if block.labels.explicit else ()
    bad = next((label for label in labels if not _IDENTIFIER.match(str(label))), None)
    if bad is not None:
        written = " ".join(f'"{label}"' for label in labels)
        yield ctx.finding(
            block.resource,
            block.labels,
            f'resource {written}: "{bad}" is not a valid Terraform name (it must start with a '
            "letter or underscore and hold only letters, digits, underscores and dashes): "
            "Terraform rejects the configuration",
        )
