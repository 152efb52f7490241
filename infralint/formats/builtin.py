"""The built-in formats: Terraform (``.tf``, ``.tfvars``), Terraform JSON (``.tf.json``),
CloudFormation, docker-compose, GitHub Actions, dotenv and plain text. Registered under
``infralint.formats`` in ``pyproject.toml``, like a plugin's. Parsers, graph builders and
adapters are imported only when a file of the format is present."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from infralint.formats import TEXT, Format

_COMPOSE_NAME = re.compile(r"^(docker-)?compose([.-][\w.-]+)?\.ya?ml$")
_CFN_MARK = re.compile(r"AWSTemplateFormatVersion|\bType['\"]?\s*:\s*['\"]?(AWS|Alexa|Custom)::")
_COMPOSE_MARK = re.compile(r"^services[ \t]*:", re.M)
_COMPOSE_SERVICE = re.compile(r"^[ \t]+(image|build)[ \t]*:", re.M)
_HCL_COMMENTS = ("#", "//", "/*")


def _lazy(target: str) -> Callable:
    """``module:function``, imported when first called (start-up stays light)."""
    module, _, name = target.partition(":")

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args)

    return call


def _no_comments_in_json(markers: tuple[str, ...]):
    return lambda path: () if path.endswith(".json") else markers


# -- Terraform ----------------------------------------------------------------------------------
def _terraform_name(lower: str) -> str:
    if lower.endswith(".tf"):
        return "terraform"
    if lower.endswith((".tfvars", ".tfvars.json")):
        return "tfvars"
    return ""


def _terraform_parse_kind(source: Any) -> str | None:
    if source.kind == "terraform":
        return None if source.path.endswith(".tf.json") else "hcl"
    return "json" if source.path.endswith(".json") else "hcl"


TERRAFORM = Format(
    name="terraform",
    kinds=("terraform", "tfvars"),
    by_name=_terraform_name,
    parse_kind=_terraform_parse_kind,
    build=_lazy("infralint.formats.terraform:build_terraform"),
    adapt=_lazy("infralint.facts.terraform:adapt"),
    comments=_no_comments_in_json(_HCL_COMMENTS),
    order=10,
)


def _tf_json_name(lower: str) -> str:
    return "terraform" if lower.endswith(".tf.json") else ""


def _tf_json_parse(source: Any) -> Any:
    from infralint.parse import terraform_json

    return terraform_json.parse(source.text, source.path)


# Terraform JSON files join the Terraform modules they sit in: this format recognises and
# parses them; the Terraform format builds and adapts their resources.
TF_JSON = Format(name="tf.json", by_name=_tf_json_name, parse=_tf_json_parse, comments=(), order=9)


# -- CloudFormation and compose -----------------------------------------------------------------
# The whole text is searched (a template's Resources may follow 200 KB of Mappings); the
# patterns are linear (a whitespace run is read once: after a `Type`, or within a line).
def _cloudformation_content(lower: str, text: str) -> str:
    from infralint.discover import STRUCTURED_SUFFIXES

    if lower.endswith(STRUCTURED_SUFFIXES) and "Resources" in text and _CFN_MARK.search(text):
        return "cloudformation"
    return ""


def _cloudformation_document(value: object, path: str) -> str:
    """A parsed document whose ``Resources`` hold a typed resource."""
    resources = value.get("Resources") if isinstance(value, dict) else None
    if isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"]
        for r in resources.values()
    ):
        return "cloudformation"
    return ""


CLOUDFORMATION = Format(
    name="cloudformation",
    by_content=_cloudformation_content,
    by_document=_cloudformation_document,
    document_marks=("Resources",),
    parse_kind=_lazy("infralint.scan:structured_kind"),
    build=_lazy("infralint.formats.cloudformation:build_cloudformation"),
    adapt=_lazy("infralint.facts.cloudformation:adapt"),
    comments=_no_comments_in_json(("#",)),
    order=20,
)


def _compose_name(lower: str) -> str:
    return "compose" if _COMPOSE_NAME.match(lower) else ""


def _compose_content(lower: str, text: str) -> str:
    if (
        lower.endswith((".yaml", ".yml"))
        and _COMPOSE_MARK.search(text)
        and _COMPOSE_SERVICE.search(text)
    ):
        return "compose"
    return ""


def _compose_document(value: object, path: str) -> str:
    """A YAML document whose ``services`` hold an image or a build."""
    services = value.get("services") if isinstance(value, dict) else None
    if (
        path.lower().endswith((".yaml", ".yml"))
        and isinstance(services, dict)
        and any(isinstance(s, dict) and ("image" in s or "build" in s) for s in services.values())
    ):
        return "compose"
    return ""


COMPOSE = Format(
    name="compose",
    by_name=_compose_name,
    by_content=_compose_content,
    by_document=_compose_document,
    document_marks=("services",),
    parse_kind=_lazy("infralint.scan:structured_kind"),
    build=_lazy("infralint.formats.compose:build_compose"),
    adapt=_lazy("infralint.facts.compose:adapt"),
    order=30,
)


# -- GitHub Actions -----------------------------------------------------------------------------
# A workflow has top-level `on:` (any quoting) and `jobs:`; an action file is named action.y(a)ml
# and has `runs:`. Judged on content: a name alone says nothing outside `.github/workflows`.
_GHA_ON = re.compile(r"""^(on|"on"|'on')[ \t]*:""", re.M)
_GHA_JOBS = re.compile(r"^jobs[ \t]*:", re.M)
_GHA_RUNS = re.compile(r"^runs[ \t]*:", re.M)


def _github_actions_content(lower: str, text: str) -> str:
    if lower in ("action.yml", "action.yaml") and _GHA_RUNS.search(text):
        return "github-actions"
    if lower.endswith((".yaml", ".yml")) and _GHA_JOBS.search(text) and _GHA_ON.search(text):
        return "github-actions"
    return ""


def _github_actions_document(value: object, path: str) -> str:
    """A workflow or action written in an unusual style (indented, flow mappings)."""
    if not isinstance(value, dict) or not path.lower().endswith((".yaml", ".yml")):
        return ""
    if isinstance(value.get("jobs"), dict) and ("on" in value or True in value):
        return "github-actions"
    name = path.lower().rsplit("/", 1)[-1]
    if name in ("action.yml", "action.yaml") and isinstance(value.get("runs"), dict):
        return "github-actions"
    return ""


def _yaml(source: Any) -> str:
    return "yaml"


GITHUB_ACTIONS = Format(
    name="github-actions",
    by_content=_github_actions_content,
    by_document=_github_actions_document,
    document_marks=("jobs", "runs"),
    parse_kind=_yaml,
    build=_lazy("infralint.formats.github_actions:build_github_actions"),
    adapt=_lazy("infralint.facts.workflows:adapt"),
    order=25,
)


# -- files read for secrets only ----------------------------------------------------------------
def _dotenv_content(lower: str, text: str) -> str:
    return (
        "dotenv" if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env") else ""
    )


def _text_comments(path: str) -> tuple[str, ...]:
    return _HCL_COMMENTS if path.endswith(".hcl") else ("#",)  # terragrunt.hcl and the like


DOTENV = Format(name="dotenv", by_content=_dotenv_content, order=5)
PLAIN_TEXT = Format(name=TEXT, comments=_text_comments, order=1000)  # every other file


# -- Dockerfile ---------------------------------------------------------------------------------
# Dockerfile, Containerfile, Dockerfile.<variant>, <variant>.Dockerfile; not the files named
# after one that are something else (Dockerfile.dockerignore, templates, documents, backups).
_NOT_DOCKERFILE = re.compile(
    r"\.(dockerignore|md|txt|rst|py|sh|json|ya?ml|j2|jinja2?|tmpl|tpl|template|in|erb|orig|bak|"
    r"swp|sample|example|dist|lock|toml)$"
)


def _dockerfile_name(lower: str) -> str:
    if lower in ("dockerfile", "containerfile"):
        return "dockerfile"
    if lower.startswith(("dockerfile.", "containerfile.")) or lower.endswith(".dockerfile"):
        return "" if _NOT_DOCKERFILE.search(lower) else "dockerfile"
    return ""


DOCKERFILE = Format(
    name="dockerfile",
    by_name=_dockerfile_name,
    parse=_lazy("infralint.formats.dockerfile:parse"),
    build=_lazy("infralint.formats.dockerfile:build_dockerfile"),
    adapt=_lazy("infralint.facts.dockerfile:adapt"),
    order=40,
)
