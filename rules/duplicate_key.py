"""Key written twice in one mapping.

## What it does
Finds a key written twice in the same mapping: in a Terraform object (`tags = { ... }`,
`jsonencode({ ... })`), in a CloudFormation resource's properties (YAML or JSON), or in a
compose service. YAML merge keys (`<<: *defaults`) are not duplicates: overriding a merged key
is what they are for.

## Why is this bad?
Terraform and most YAML/JSON readers keep the last value without a word, so the first one,
which a reviewer may be reading, has no effect; cfn-lint and `docker compose` reject the file
outright. (Terraform rejects an argument set twice in a block body: that is reported as a
parse error.)

## How to fix
Keep one of the two, with the value you mean.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    Team = "platform"
    Team = "data"
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    Team = "platform"
  }
}
```
"""

from infralint.facts.correctness import DuplicateKeys

ID = "IL1107"
NAME = "duplicate-key"
CATEGORY = "correctness"
SEVERITY = "low"
FACTS = (DuplicateKeys,)
FORMATS = ("terraform", "cloudformation", "compose")


def check(ctx, duplicates):
    address = duplicates.resource.address
    for repeated in duplicates.keys:
        inside = ".".join(str(p) for p in repeated.path) or address
        times = "twice" if repeated.times == 2 else f"{repeated.times} times"
        yield ctx.finding(
            duplicates.resource,
            repeated.path + (repeated.key,),
            f"`{repeated.key}` is written {times} in {inside} (first on line "
            f"{repeated.first_line}): only this last value is kept",
        )
