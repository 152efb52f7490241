"""The Dockerfile format's graph: one resource per build stage.

A stage is addressed ``stage.<name>`` (its ``FROM … AS name``) or ``stage.<index>`` when it has
no name (0 for the first ``FROM``: the name ``COPY --from=0`` would use). ``ARG``s written
before the first ``FROM`` form the resource ``global`` (they are visible to every ``FROM``).
Each resource spans its stage, from the ``FROM`` line to its last instruction; its attributes
are the base image as written and the stage's instructions (keyword and arguments). The parsed
instructions are kept in ``meta`` for the adapter (``infralint.facts.dockerfile``), which also
reads the other stages of the file through the shared ``meta["file"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from infralint.model import Resource, Span
from infralint.parse.dockerfile import Instruction

if TYPE_CHECKING:
    from infralint.scan import Build

STAGE_TYPE = "dockerfile_stage"
GLOBAL_TYPE = "dockerfile_global"


@dataclass(slots=True)
class Stage:
    index: int  # -1: the global ARGs before the first FROM
    name: str  # the ``AS`` name, else the index as text ("" for the global ARGs)
    instructions: list[Instruction]
    base: str = ""  # the image (or earlier stage) after FROM, as written
    platform: str | None = None

    @property
    def address(self) -> str:
        return "global" if self.index < 0 else f"stage.{self.name}"

    @property
    def span(self) -> Span:
        first, last = self.instructions[0].span, self.instructions[-1].span
        return Span(first.line, last.end_line, first.col, last.end_col)


@dataclass(slots=True)
class StagedFile:
    """A Dockerfile's stages, in order (the global ARGs first when there are any)."""

    path: str
    stages: list[Stage] = field(default_factory=list)
    built: list[Stage] = field(default_factory=list)  # the stages a FROM opens
    names: dict[str, int] = field(default_factory=dict)  # lower-case name -> first stage
    memo: dict[str, Any] = field(default_factory=dict)  # what the adapter computes once

    def add(self, stage: Stage) -> None:
        self.stages.append(stage)
        if stage.index >= 0:
            self.built.append(stage)
            self.names.setdefault(stage.name.lower(), stage.index)

    def stage(self, name: str, before: int) -> Stage | None:
        """The stage named ``name`` (or numbered) among those before stage ``before``."""
        index = self.names.get(name.lower())
        return self.built[index] if index is not None and index < before else None


def parse(source: Any) -> Any:
    from infralint.parse import dockerfile

    return dockerfile.parse(source.text, source.path)


def stages(path: str, instructions: list[Instruction]) -> StagedFile:
    """Group instructions by the ``FROM`` that opens each stage."""
    staged = StagedFile(path)
    current: Stage | None = None
    for instruction in instructions:
        if instruction.keyword == "FROM":
            index = len(staged.built)
            words = [w.text for w in instruction.words]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else str(index)
            base = words[0] if words else ""
            current = Stage(index, name, [], base, instruction.flag_value("platform"))
            staged.add(current)
        elif current is None:
            current = Stage(-1, "", [])
            staged.add(current)
        current.instructions.append(instruction)
    return staged


def build_dockerfile(build: Build) -> None:
    for source in build.by_kind["dockerfile"]:
        try:
            doc = build.parsed.get(source)
        except Exception as exc:
            build.parse_failed(source.path, exc)
            continue
        staged = stages(source.path, doc.instructions)
        for stage in staged.stages:
            build.add(_resource(source.path, stage, staged))


def _resource(path: str, stage: Stage, staged: StagedFile) -> Resource:
    spans = {("instructions", i): ins.span for i, ins in enumerate(stage.instructions)}
    attrs: dict[str, Any] = {
        "instructions": [
            {"keyword": ins.keyword, "arguments": ins.text} for ins in stage.instructions
        ]
    }
    if stage.index >= 0:
        attrs["from"] = stage.base
        attrs["name"] = stage.name
        spans[("from",)] = stage.instructions[0].span
    return Resource(
        address=stage.address,
        type=GLOBAL_TYPE if stage.index < 0 else STAGE_TYPE,
        format="dockerfile",
        path=path,
        span=stage.span,
        attrs=attrs,
        scope=path,
        spans=spans,
        meta={"stage": stage, "file": staged},
    )
