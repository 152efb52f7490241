"""Resource argument that changes on every plan.

## What it does
Finds Terraform resource arguments computed with `timestamp()` or `uuid()` (directly, in a
string, or through a local) that the resource's `lifecycle { ignore_changes = [...] }` does
not list. Such calls in outputs or locals that no resource uses are not reported, nor those in
the arguments that exist to force a replacement (`null_resource.triggers`,
`terraform_data.triggers_replace`: `always_run = timestamp()` asks for a run on every apply).

## Why is this bad?
Both functions return a new value on every run, so every `terraform plan` shows a change and
every `apply` updates (or replaces) the resource: the plan is never clean, and real changes
hide among the noise.

## How to fix
Add the argument to `lifecycle.ignore_changes`, or use a value that only changes when you
mean it to (`time_static` from the `time` provider, `random_uuid`).

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    CreatedAt = timestamp()
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    CreatedAt = timestamp()
  }

  lifecycle {
    ignore_changes = [tags["CreatedAt"]]
  }
}
```
"""

from infralint.facts.correctness import PlanTimeArguments

ID = "IL1109"
NAME = "perpetual-diff"
CATEGORY = "correctness"
SEVERITY = "info"
FACTS = (PlanTimeArguments,)
FORMATS = ("terraform",)


def check(ctx, arguments):
    ignored = arguments.ignored + tuple((name,) for name in arguments.intended)
    for call in arguments.calls:
        if any(call.path[: len(p)] == p or p == ("all",) for p in ignored):
            continue
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in call.path)[1:]
        yield ctx.finding(
            arguments.resource,
            call.path,
            f"{arguments.resource.address}: `{where}` is computed with {call.function}() and "
            "changes on every plan (not in lifecycle.ignore_changes)",
        )
