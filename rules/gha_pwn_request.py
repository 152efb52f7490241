"""Privileged workflow running a pull request's code.

## What it does
Finds `pull_request_target` and `workflow_run` workflows with a job that checks out the pull
request's head (`ref: ${{ github.event.pull_request.head.sha }}`, `head.ref`,
`github.head_ref`, `refs/pull/<number>/merge`, the `workflow_run` head) and then runs a script
or a local action.

## Why is this bad?
These triggers run in the context of the base repository: the job has a token with write
access and the repository's secrets, even for a pull request from a fork. Building or testing
the fork's code there runs the attacker's code (a build script, a test, a `package.json`
hook) with those privileges: a "pwn request".

## How to fix
Run untrusted code in a `pull_request` workflow (no secrets, read-only token) and hand its
results to a privileged workflow as an artifact; or check out only the base ref here.

## Example
```yaml
on: pull_request_target
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm test
```

## Use instead
```yaml
on: pull_request_target
permissions:
  contents: read
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/label.sh
```
"""

from infralint.facts.workflows import WorkflowStep

ID = "IL1402"
NAME = "gha-pwn-request"
CATEGORY = "ci"
SEVERITY = "high"
FACTS = (WorkflowStep,)
READS = (WorkflowStep,)
FORMATS = ("github-actions",)

PRIVILEGED = ("pull_request_target", "workflow_run")
# What names the pull request's code in `ref:` / `repository:` (lower case).
HEAD = (
    "github.head_ref",
    "github.event.number",
    "github.event.pull_request.number",
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.merge_commit_sha",
    "github.event.pull_request.head.repo.full_name",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_repository.full_name",
)


def check(ctx, step):
    events = [e for e in step.triggers if e in PRIVILEGED]
    if not events or step.action != "actions/checkout" or not step.job:
        return
    head = next((e for e in step.expressions if _names_head(e)), None)
    if head is None:
        return
    runner = next((s for s in _later(ctx, step) if _runs_code(s)), None)
    if runner is None:
        return
    ref = next(r for r in head.refs if r.lower() in HEAD)
    yield ctx.finding(
        step.resource,
        head.path,
        f"{step.resource.address} checks out the pull request's code (`{ref}`) in a "
        f"{events[0]} workflow, and {runner.resource.address} runs it with the base "
        "repository's token and secrets",
    )


def _names_head(expression):
    return expression.path in (("with", "ref"), ("with", "repository")) and any(
        r.lower() in HEAD for r in expression.refs
    )


def _later(ctx, step):
    steps = ctx.index(WorkflowStep, by="job").get(step.job, [])
    return sorted((s for s in steps if s.index > step.index), key=lambda s: s.index)


def _runs_code(step):
    """A script, or an action from the checked-out tree."""
    uses = step.uses.value if step.uses.explicit else None
    return step.run.explicit or (isinstance(uses, str) and uses.startswith("./"))
