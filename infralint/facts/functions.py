"""Lambda functions: the environment variables they are given."""

from __future__ import annotations

from dataclasses import dataclass

from infralint.facts import EnvVar, Fact
from infralint.facts.shapes import Field, Shape, setting
from infralint.facts.values import ABSENT, Value, default, known
from infralint.model import Resource


@dataclass(slots=True)
class LambdaFunction(Fact):
    """A Lambda function (Terraform, CloudFormation, SAM)."""

    environment: Value = ABSENT  # a list of EnvVar: its environment variables


def _environment(dotted: str):
    def read(res: Resource) -> Value:
        variables = setting(res, dotted)
        if not isinstance(variables.value, dict):
            return default([], "no environment variables", variables.path)
        pairs = [
            EnvVar(name, known(value, variables.path + (name,)))
            for name, value in variables.value.items()
        ]
        return known(pairs, variables.path)

    return read


SHAPES = (
    Shape(
        LambdaFunction,
        types={
            "terraform": ("aws_lambda_function",),
            "cloudformation": ("AWS::Lambda::Function", "AWS::Serverless::Function"),
        },
        fields={
            "environment": Field(
                {
                    "terraform": _environment("environment.variables"),
                    "cloudformation": _environment("Environment.Variables"),
                }
            ),
        },
    ),
)
