"""The configuration's pydantic models (imported only when a configuration is validated:
pydantic is slow to import). ``infralint.config`` documents the keys."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from infralint import limits
from infralint.config import FAIL_ON, SEVERITIES

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


LimitsConfig = create_model(  # every key of the limits model, at least 1
    "LimitsConfig",
    __config__=strict,
    __doc__="``[limits]``: what hostile input may cost before it is cut short.",
    **{key: (int, Field(default=default, ge=1)) for key, default, _ in limits.describe()},
)


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
