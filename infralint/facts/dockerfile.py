"""Dockerfile stages → facts: the image the file builds (a ``Container`` of runtime ``image``,
from the final stage) and what each instruction does (``DockerfileStage``,
``DockerfileInstruction``, ``DockerfileVariable``, ``DockerfileCopy``, ``DockerfileRun``).

What the image inherits is followed through ``FROM <earlier stage>``: its ``USER``, its
``HEALTHCHECK``, its environment and the external image it starts from. Build arguments are
substituted where the value matters (``FROM python:${VERSION}``, ``USER ${UID}``): an ``ARG``
with a default gives that default, one without is given at build time and is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from infralint.facts import Container, EnvVar, Fact
from infralint.facts.values import ABSENT, DEFAULT, Value, default, known
from infralint.model import Resource, Span, Unknown

if TYPE_CHECKING:
    from infralint.formats.dockerfile import Stage, StagedFile
    from infralint.parse.dockerfile import Instruction


@dataclass(slots=True)
class DockerfileStage(Fact):
    """A build stage: ``FROM image [AS name]``."""

    name: str = ""  # the ``AS`` name, else its index ("0", "1"...)
    index: int = 0
    base: Value = ABSENT  # the image after FROM, build arguments substituted (unknown when
    # an argument has no default)
    base_stage: str = ""  # the earlier stage it starts from ("" when it starts from an image)
    final: bool = False  # the last stage: the image the file builds


@dataclass(slots=True)
class DockerfileInstruction(Fact):
    """Any instruction, with the stage it belongs to ("" for ``ARG``s before the first FROM)."""

    keyword: str = ""  # upper case
    stage: str = ""
    arguments: str = ""  # after the flags, continuation lines joined
    flags: dict[str, str] = field(default_factory=dict)  # ``--name=value`` (value "" if none)
    span: Span | None = None


@dataclass(slots=True)
class DockerfileVariable(Fact):
    """One ``ENV`` or ``ARG`` pair (``ARG`` without a default: value None, by default)."""

    kind: str = "ENV"  # ENV | ARG
    name: str = ""
    value: Value = ABSENT  # as written, unquoted; variables not substituted
    stage: str = ""


@dataclass(slots=True)
class DockerfileCopy(Fact):
    """One source of a ``COPY`` or ``ADD``."""

    keyword: str = "COPY"  # COPY | ADD
    source: Value = ABSENT  # as written (a path, a glob, a URL), located at the word
    destination: str = ""
    from_stage: str = ""  # ``--from``: a stage, an image or a named context ("": the context)
    checksum: str = ""  # ``ADD --checksum=``
    stage: str = ""


@dataclass(slots=True)
class DockerfileRun(Fact):
    """A command a ``RUN`` executes: its shell-form or exec-form text, or a heredoc script."""

    command: str = ""
    mounts: list[dict[str, str]] = field(default_factory=list)  # each ``--mount``'s options
    exec_form: bool = False
    stage: str = ""
    where: Callable[[int, int], Span] | None = None  # the span of ``command[start:end]``

    def span_of(self, start: int, end: int) -> Span:
        assert self.where is not None
        return self.where(start, end)


# Arguments BuildKit defines for every build: their values depend on the build machine.
_PLATFORM_ARGS = frozenset(
    f"{who}{what}" for who in ("BUILD", "TARGET") for what in ("PLATFORM", "OS", "ARCH", "VARIANT")
)
_VARIABLE = re.compile(r"\$(?:\{(\w+)(?:(:?[-+])([^}]*))?\}|(\w+))")
_NO_USER = (
    "no USER in the final stage or the stages it is built from: the base image's user applies, "
    "root for most images"
)
_NO_HEALTHCHECK = "no HEALTHCHECK: the base image's, if any"


def pairs(ins: Instruction) -> list[tuple[str, str | None, Span]]:
    """An ENV/ARG instruction's (name, value, span) pairs (the parser, imported when a
    Dockerfile is read)."""
    from infralint.parse.dockerfile import pairs as read

    return read(ins)


def adapt(graph: Any, res: Resource) -> None:
    stage: Stage = res.meta["stage"]
    staged: StagedFile = res.meta["file"]
    add = graph.add_fact
    name = stage.name
    for i, ins in enumerate(stage.instructions):
        path = ("instructions", i)
        add(_instruction(res, path, ins, name))
        if ins.keyword in ("ENV", "ARG"):
            for var_name, value, span in pairs(ins):
                written = (
                    known(value, path, span)
                    if value is not None
                    else default(None, "an ARG without default is given at build time", path)
                )
                add(DockerfileVariable(res, path, ins.keyword, var_name, written, name))
        elif ins.keyword in ("COPY", "ADD"):
            for fact in _copies(res, path, ins, name):
                add(fact)
        elif ins.keyword == "RUN":
            for fact in _runs(res, path, ins, name):
                add(fact)
    if stage.index < 0:
        return
    add(_stage(res, stage, staged))
    if stage is staged.built[-1]:
        add(_container(res, stage, staged))


def _instruction(res: Resource, path: tuple, ins: Instruction, stage: str) -> Fact:
    flags: dict[str, str] = {}
    for key, value in ins.options():
        flags.setdefault(key, value)
    return DockerfileInstruction(res, path, ins.keyword, stage, ins.rest, flags, ins.span)


def _copies(res: Resource, path: tuple, ins: Instruction, stage: str) -> list[Fact]:
    if ins.heredocs:  # COPY <<EOF /dest: the content is written inline, not copied
        return []
    words = ins.words
    if len(words) < 2:
        return []
    return [
        DockerfileCopy(
            res,
            path,
            ins.keyword,
            known(word.text, path, ins.word_span(word)),
            words[-1].text,
            ins.flag_value("from") or "",
            ins.flag_value("checksum") or "",
            stage,
        )
        for word in words[:-1]
    ]


def _runs(res: Resource, path: tuple, ins: Instruction, stage: str) -> list[Fact]:
    mounts = [_options(value) for key, value in ins.options() if key == "mount"]
    shift = len(ins.text) - len(ins.rest)
    command = " ".join(w.text for w in ins.words) if ins.exec_form else ins.rest
    out = [
        DockerfileRun(
            res,
            path,
            command,
            mounts,
            ins.exec_form,
            stage,
            (lambda a, b: ins.span_of(shift, len(ins.text)))
            if ins.exec_form
            else (lambda a, b: ins.span_of(a + shift, b + shift)),
        )
    ]
    for doc in ins.heredocs:  # the script as written: its columns are the file's
        where = _body_lines(doc.written, doc.span)
        out.append(DockerfileRun(res, path, doc.written, mounts, False, stage, where))
    return out


def _options(text: str) -> dict[str, str]:
    """``type=secret,id=npm,target=/root/.npmrc`` as a mapping."""
    out = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        out[key.strip().lower()] = value.strip()
    return out


def _body_lines(body: str, span: Span) -> Callable[[int, int], Span]:
    def where(start: int, end: int) -> Span:
        first = span.line + body.count("\n", 0, start)
        last = span.line + body.count("\n", 0, max(end - 1, start))
        col = start - (body.rfind("\n", 0, start) + 1) + 1
        end_col = max(end - 1, start) - (body.rfind("\n", 0, max(end - 1, start)) + 1) + 2
        return Span(first, last, col, end_col)

    return where


# -- stages and the image they build --------------------------------------------------------------
def _stage(res: Resource, stage: Stage, staged: StagedFile) -> DockerfileStage:
    parent = staged.stage(stage.base, stage.index)
    base = _base_image(stage, staged) if parent is None else known(stage.base, ("from",))
    final = stage is staged.built[-1]
    return DockerfileStage(
        res, ("from",), stage.name, stage.index, base, parent.name if parent else "", final
    )


def _base_image(stage: Stage, staged: StagedFile) -> Value:
    """The image a stage's FROM names, with the global build arguments substituted."""
    variables = _global_args(staged)
    image = expand(stage.base, variables)
    first = stage.instructions[0]
    span = first.word_span(first.words[0]) if first.words else None
    return known(image, ("from",), span)


def _global_args(staged: StagedFile) -> dict[str, str | None]:
    """The ARGs before the first FROM (computed once per file)."""
    if "global" not in staged.memo:
        staged.memo["global"] = _read_global_args(staged)
    return staged.memo["global"]


def _read_global_args(staged: StagedFile) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    if staged.stages and staged.stages[0].index < 0:
        for ins in staged.stages[0].instructions:
            if ins.keyword == "ARG":
                for name, value, _span in pairs(ins):
                    out[name] = value if value is None else expand(value, out)
    return out


def _chain(stage: Stage, staged: StagedFile) -> list[Stage]:
    """The stage and the earlier stages it is built from, nearest first."""
    chain = [stage]
    while True:  # an earlier stage each time: the chain ends
        parent = staged.stage(chain[-1].base, chain[-1].index)
        if parent is None:
            return chain
        chain.append(parent)


def _container(res: Resource, stage: Stage, staged: StagedFile) -> Container:
    chain = _chain(stage, staged)
    variables = _variables(chain, staged)
    user = _last(chain, "USER")
    health = _last(chain, "HEALTHCHECK")
    return Container(
        resource=res,
        path=("from",),
        runtime="image",
        name=stage.name,
        image=_base_image(chain[-1], staged),
        user=_user(user, variables) if user else _absent(_NO_USER, stage),
        healthcheck=_healthcheck(health) if health else default(None, _NO_HEALTHCHECK),
        environment=[
            EnvVar(name, known(value, ("instructions", i), span))
            for i, ins in enumerate(stage.instructions)
            if ins.keyword == "ENV"
            for name, value, span in pairs(ins)
        ],
    )


def _absent(reason: str, stage: Stage) -> Value:
    """Not written anywhere: located at the final stage's FROM line."""
    return Value(None, DEFAULT, ("user",), stage.instructions[0].span, reason)


def _last(chain: list[Stage], keyword: str) -> Instruction | None:
    for stage in chain:
        for ins in reversed(stage.instructions):
            if ins.keyword == keyword:
                return ins
    return None


def _variables(chain: list[Stage], staged: StagedFile) -> dict[str, str | None]:
    """The ARG and ENV values in force at the end of the final stage (None: unknown)."""
    globals_ = _global_args(staged)
    out: dict[str, str | None] = {}
    for stage in reversed(chain):
        for ins in stage.instructions:
            if ins.keyword not in ("ARG", "ENV"):
                continue
            for name, value, _span in pairs(ins):
                if value is not None:
                    out[name] = _text(expand(value, out))
                elif ins.keyword == "ARG" and name not in out:  # a global ARG brought in
                    out[name] = globals_.get(name)
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _user(ins: Instruction, variables: dict[str, str | None]) -> Value:
    word = ins.words[0] if ins.words else None
    if word is None:
        return known(Unknown("USER without a user", ins.text), ("user",), ins.span)
    return known(expand(word.text, variables), ("user",), ins.word_span(word))


def _healthcheck(ins: Instruction) -> Value:
    text = ins.rest.strip()
    value = None if text.upper() == "NONE" else text
    return known(value, ("healthcheck",), ins.span)


def expand(text: str, variables: dict[str, str | None]) -> Any:
    """``text`` with ``$NAME`` / ``${NAME}`` / ``${NAME:-default}`` / ``${NAME:+alt}``
    substituted; an ``Unknown`` when a variable's value is not known before the build."""
    if "$" not in text:
        return text
    missing: list[str] = []

    def one(match: re.Match) -> str:
        name = match.group(1) or match.group(4)
        op, word = match.group(2), match.group(3) or ""
        value = variables.get(name)
        if value is None or name in _PLATFORM_ARGS:
            missing.append(name)
            return ""
        if op in (":-", "-"):
            return value if value or op == "-" else word
        if op in (":+", "+"):
            return word if value or op == "+" else ""
        return value

    out = _VARIABLE.sub(one, text)
    if missing:
        return Unknown(f"build argument {missing[0]} is given when the image is built", text)
    return out
