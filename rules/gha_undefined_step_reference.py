"""Reference to a step that does not exist (yet).

## What it does
Finds `steps.<id>` references (`${{ steps.build.outputs.tag }}`, `if: steps.test.outcome ==
'failure'`) where no earlier step of the same job has `id: <id>`; in a job's or a composite
action's `outputs`, where no step at all has that id.

## Why is this bad?
GitHub does not reject the workflow: the reference is silently empty. A misspelt id or a
step moved below its reader makes a deploy use an empty tag, or a condition never true.

## How to fix
Give the step the id you refer to, spelt the same, and read it only after it has run.

## Example
```yaml
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: version
        run: echo "tag=1.2.3" >> "$GITHUB_OUTPUT"
      - run: docker build -t app:${{ steps.versoin.outputs.tag }} .
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
      - id: version
        run: echo "tag=1.2.3" >> "$GITHUB_OUTPUT"
      - run: docker build -t app:${{ steps.version.outputs.tag }} .
```
"""

from infralint.facts.values import known
from infralint.facts.workflows import Workflow, WorkflowJob, WorkflowStep

ID = "IL1406"
NAME = "gha-undefined-step-reference"
CATEGORY = "ci"
SEVERITY = "medium"
FACTS = (WorkflowStep, WorkflowJob, Workflow)
FORMATS = ("github-actions",)


def check(ctx, fact):
    if isinstance(fact, WorkflowStep):
        where = "no earlier step of its " + ("job" if fact.job else "action")
        ids, paths = fact.earlier_ids, None
    elif isinstance(fact, WorkflowJob):
        ids, where, paths = fact.step_ids, "no step of the job", "outputs"
    elif fact.kind == "action":
        ids, where, paths = fact.step_ids, "no step of the action", "outputs"
    else:
        return
    known_ids = {i.lower() for i in ids}
    for expression in fact.expressions:
        if paths is not None and expression.path[:1] != (paths,):
            continue
        for ref in expression.refs:
            step = _step_of(ref)
            if step is not None and step.lower() not in known_ids:
                yield ctx.finding(
                    fact.resource,
                    known(expression.text, expression.path, expression.span),
                    f"{fact.resource.address} reads `{ref}` but {where} has `id: {step}`: "
                    "the value is silently empty",
                )


def _step_of(ref):
    """The step id a ``steps.<id>…`` reference names (None for another context or ``*``)."""
    parts = ref.split(".")
    if parts[0].lower() != "steps" or len(parts) < 2 or parts[1] == "*":
        return None
    return parts[1]
