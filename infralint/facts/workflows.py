"""GitHub Actions facts: workflows and composite actions, their jobs and steps.

Built from the resources of ``infralint.formats.github_actions``. The graph-aware parts are
settled here, not in rules: each step knows its workflow's triggers and the ids of the steps
before it in its job; each job the ids of all its steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.facts import Fact
from infralint.facts.values import ABSENT, Value, attr, default, known
from infralint.model import Resource

_NO_PERMISSIONS = (
    "its token gets the repository's default permissions (write access on every scope in many "
    "repositories)"
)


@dataclass(slots=True)
class Workflow(Fact):
    """A workflow file, or a composite action (``kind`` "action")."""

    kind: str = "workflow"  # workflow | action
    triggers: tuple[str, ...] = ()  # event names of `on:` (empty for an action)
    permissions: Value = ABSENT  # top-level `permissions:`
    env: Value = ABSENT
    jobs: tuple[str, ...] = ()  # job ids
    unscoped_jobs: tuple[str, ...] = ()  # job ids without `permissions:` of their own
    step_ids: tuple[str, ...] = ()  # an action's step ids (its `outputs` read them)
    expressions: list = field(default_factory=list)  # gha_expr.Expression outside jobs/steps


@dataclass(slots=True)
class WorkflowJob(Fact):
    """A job of a workflow."""

    workflow: str = ""  # graph key of its workflow
    name: str = ""  # the job id
    permissions: Value = ABSENT
    uses: Value = ABSENT  # a reusable workflow it calls
    env: Value = ABSENT
    step_ids: tuple[str, ...] = ()  # ids of all its steps
    expressions: list = field(default_factory=list)  # in its own attributes, not its steps'


@dataclass(slots=True)
class WorkflowStep(Fact):
    """A step of a job or of a composite action."""

    workflow: str = ""  # graph key of its workflow or action
    job: str = ""  # graph key of its job ("" in an action)
    index: int = 0  # its position in the job, from 0
    step_id: Value = ABSENT
    uses: Value = ABSENT  # an action (`owner/repo@ref`, `./path`, `docker://image`)
    run: Value = ABSENT  # a script
    inputs: Value = ABSENT  # `with:`
    env: Value = ABSENT
    triggers: tuple[str, ...] = ()  # its workflow's events
    earlier_ids: tuple[str, ...] = ()  # ids of the steps before it in its job or action
    expressions: list = field(default_factory=list)  # gha_expr.Expression it holds

    @property
    def action(self) -> str:
        """The action it uses, lower case, without its ref (``actions/checkout``; "" when
        none or not written as a string)."""
        uses = self.uses.value if self.uses.explicit else None
        return uses.split("@", 1)[0].strip().lower() if isinstance(uses, str) else ""


def adapt(graph: Any, res: Resource) -> None:
    build = _BY_TYPE.get(res.type)
    if build is not None:
        graph.add_fact(build(graph, res))


def _workflow(graph: Any, res: Resource) -> Workflow:
    jobs = res.attrs.get("jobs")
    jobs = jobs if isinstance(jobs, dict) else {}
    is_action = res.type == "github_action"
    runs = res.attrs.get("runs")
    return Workflow(
        res,
        kind="action" if is_action else "workflow",
        triggers=triggers(res.attrs),
        permissions=attr(res, "permissions", reason=_NO_PERMISSIONS),
        env=attr(res, "env"),
        jobs=tuple(str(j) for j in jobs),
        unscoped_jobs=tuple(
            str(j) for j, job in jobs.items() if isinstance(job, dict) and "permissions" not in job
        ),
        step_ids=_ids(runs.get("steps")) if isinstance(runs, dict) else (),
        expressions=res.meta.get("expressions", []),
    )


def _job(graph: Any, res: Resource) -> WorkflowJob:
    return WorkflowJob(
        res,
        workflow=f"{res.scope}::workflow",
        name=str(res.meta["prefix"][-1]),
        permissions=attr(res, "permissions", reason=_NO_PERMISSIONS),
        uses=attr(res, "uses"),
        env=attr(res, "env"),
        step_ids=_ids(res.attrs.get("steps")),
        expressions=res.meta.get("expressions", []),
    )


def _step(graph: Any, res: Resource) -> WorkflowStep:
    prefix = res.meta["prefix"]
    parent, index = prefix[:-2], prefix[-1]
    in_job = parent[:1] == ("jobs",)
    owner = graph.resources.get(f"{res.scope}::{'workflow' if in_job else 'action'}")
    top = owner.attrs if owner is not None else {}
    siblings = _get(top, parent + ("steps",))
    return WorkflowStep(
        res,
        workflow=owner.key if owner is not None else "",
        job=f"{res.scope}::jobs.{parent[1]}" if in_job else "",
        index=index,
        step_id=_step_id(res),
        uses=attr(res, "uses"),
        run=attr(res, "run"),
        inputs=attr(res, "with"),
        env=attr(res, "env"),
        triggers=triggers(top),
        earlier_ids=_ids(siblings[:index] if isinstance(siblings, list) else []),
        expressions=res.meta.get("expressions", []),
    )


def triggers(top: dict) -> tuple[str, ...]:
    """The event names of a workflow's ``on:`` (YAML 1.1 reads a bare ``on`` key as true):
    a name, a list of names or a mapping by name."""
    on = top.get("on", top.get(True))
    if isinstance(on, str):
        return (on,)
    if isinstance(on, list):
        return tuple(str(e) for e in on if isinstance(e, str))
    if isinstance(on, dict):
        return tuple(str(e) for e in on)
    return ()


def _step_id(res: Resource) -> Value:
    if "id" in res.attrs:
        return known(res.attrs["id"], ("id",))
    return default(None, "a step without `id:` cannot be referred to", ("id",))


def _ids(steps: Any) -> tuple[str, ...]:
    steps = steps if isinstance(steps, list) else []
    return tuple(
        str(s["id"])
        for s in steps
        if isinstance(s, dict) and isinstance(s.get("id"), str | int) and s["id"] is not True
    )


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value


_BY_TYPE = {
    "github_workflow": _workflow,
    "github_action": _workflow,
    "github_job": _job,
    "github_step": _step,
}
