"""Third-party action not pinned to a commit.

## What it does
Finds `uses:` of a third-party action or reusable workflow (`owner/repo@v2`,
`owner/repo/path@main`) whose ref is a tag or branch rather than a full 40-character commit
SHA, and `docker://` images without a `@sha256:` digest. Actions of the owners listed in the
`first_party_owners` option (`actions` and `github` by default) and local `./` actions are
not reported.

## Why is this bad?
A tag or branch can be moved by whoever controls the action's repository: if it is
compromised (as `tj-actions/changed-files` was in March 2025), the next run of your workflow
executes the attacker's code with your token and secrets. A commit SHA cannot be moved.

## How to fix
Pin to the full commit SHA and keep the version in a comment for readability and for
Dependabot (`uses: owner/repo@<sha> # v2.1.0`).

## Example
```yaml
on: push
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: golangci/golangci-lint-action@v6
```

## Use instead
```yaml
on: push
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: golangci/golangci-lint-action@aaa42aa0628b4ae2578232a66b541047968fac86 # v6.1.0
```
"""

import re

from infralint.facts.workflows import WorkflowJob, WorkflowStep

ID = "IL1405"
NAME = "gha-unpinned-action"
CATEGORY = "ci"
SEVERITY = "low"
FACTS = (WorkflowStep, WorkflowJob)
FORMATS = ("github-actions",)
CONF = {"first_party_owners": [str]}
DEFAULT = {"first_party_owners": ["actions", "github"]}

_SHA = re.compile(r"^[0-9a-fA-F]{40}$")


def check(ctx, fact):
    uses = fact.uses.value if fact.uses.explicit else None
    if not isinstance(uses, str) or "${{" in uses:
        return
    problem = unpinned(uses.strip(), {o.lower() for o in ctx.options["first_party_owners"]})
    if problem:
        yield ctx.finding(fact.resource, fact.uses, f"{fact.resource.address} uses {problem}")


def unpinned(uses, first_party):
    """Why ``uses`` can change under the workflow ("" when it cannot, or is first-party)."""
    if uses.startswith("./"):
        return ""
    if uses.startswith("docker://"):
        pinned = "@sha256:" in uses
        return "" if pinned else f"`{uses}`, an image not pinned to a digest (`@sha256:…`)"
    name, at, ref = uses.partition("@")
    if not at or name.split("/", 1)[0].lower() in first_party or _SHA.match(ref):
        return ""
    return f"`{uses}`, pinned to `{ref}` rather than a full commit SHA"
