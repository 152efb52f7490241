"""The configuration's pydantic models (imported only when a configuration is validated:
pydantic is slow to import). ``infralint.config`` documents the keys."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from infralint.config import FAIL_ON, SEVERITIES
from infralint.scan import Limits

strict = ConfigDict(extra="forbid", strict=True)


class TerraformConfig(BaseModel):
    """``[terraform]``: variable values for the scan."""

    model_config = strict
    var_files: list[str] = []
    vars: dict[str, str] = {}


class CloudFormationConfig(BaseModel):
    """``[cloudformation]``: a parameters file (JSON, as ``aws cloudformation deploy``)."""

    model_config = strict
    params: str | None = None


class LimitsConfig(BaseModel):
    """``[limits]``: what one file may cost before it is cut short with a diagnostic."""

    model_config = strict
    yaml_nodes: int = Field(default=Limits.yaml_nodes, ge=1)
    nesting_depth: int = Field(default=Limits.nesting_depth, ge=1)
    resources_per_file: int = Field(default=Limits.resources_per_file, ge=1)
    eval_steps: int = Field(default=Limits.eval_steps, ge=1)
    instances: int = Field(default=Limits.instances, ge=1)
    findings_per_rule: int = Field(default=Limits.findings_per_rule, ge=1)


class Config(BaseModel):
    """The whole configuration; every key is optional."""

    model_config = strict
    select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, str] = {}
    rules: dict[str, dict[str, Any]] = {}
    fail_on: str = "low"
    exclude: list[str] = []
    rules_paths: list[str] = []
    require_reason: bool = True
    fail_on_diagnostics: bool = True
    respect_gitignore: bool = True
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    terraform: TerraformConfig = Field(default_factory=TerraformConfig)
    cloudformation: CloudFormationConfig = Field(default_factory=CloudFormationConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)

    @field_validator("severity")
    @classmethod
    def _severities(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for key, level in value.items():
            if level.strip().lower() not in SEVERITIES:
                raise ValueError(
                    f"invalid severity {level!r} for {key!r} "
                    f"(expected one of {', '.join(SEVERITIES)})"
                )
            out[key] = level.strip().lower()
        return out

    @field_validator("fail_on")
    @classmethod
    def _fail_on(cls, value: str) -> str:
        if value.strip().lower() not in FAIL_ON:
            raise ValueError(f"invalid value {value!r} (expected one of {', '.join(FAIL_ON)})")
        return value.strip().lower()
