"""Workflow token with the repository's default permissions.

## What it does
Finds workflows with no top-level `permissions:` where some job has no `permissions:` of its
own either. A reusable workflow run only by `workflow_call` is left to its callers: its token
is theirs.

## Why is this bad?
Without `permissions:` the job's `GITHUB_TOKEN` gets the repository's (or organisation's)
default, which is read and write on every scope for repositories created before February
2023 and for many organisations since. Any step that is compromised (a hijacked action, an
injected script) can then push code, create releases or approve pull requests.

## How to fix
Set `permissions:` at the top of the workflow to the least it needs (`contents: read` is
enough for most builds), and grant more per job where needed.

## Example
```yaml
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
```

## Use instead
```yaml
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
```
"""

from infralint.facts.workflows import Workflow

ID = "IL1404"
NAME = "gha-default-permissions"
CATEGORY = "ci"
SEVERITY = "low"
FACTS = (Workflow,)
FORMATS = ("github-actions",)


def check(ctx, workflow):
    if workflow.kind != "workflow" or workflow.permissions.explicit:
        return
    if set(workflow.triggers) == {"workflow_call"}:
        return  # a reusable workflow's token is its caller's
    jobs = workflow.unscoped_jobs
    if not jobs:
        return
    shown = ", ".join(f"`{j}`" for j in jobs[:5]) + (" …" if len(jobs) > 5 else "")
    yield ctx.finding(
        workflow.resource,
        workflow.permissions,
        f"{workflow.resource.address} sets no `permissions:`, nor "
        f"{'do jobs' if len(jobs) > 1 else 'does job'} {shown}: {workflow.permissions.reason}",
    )
