"""API facts: API Gateway REST and HTTP APIs (methods, routes, stages, custom domains), Lambda
function URLs and Step Functions state machines."""

from __future__ import annotations

from dataclasses import dataclass, replace

from infralint.facts import Fact
from infralint.facts.links import Link, key_of, target
from infralint.facts.shapes import Field, Shape, each, setting
from infralint.facts.values import ABSENT, Value, item, known
from infralint.model import Resource


@dataclass(slots=True)
class Api(Fact):
    """An API Gateway REST API (``protocol`` REST) or an HTTP / WebSocket API."""

    protocol: Value = ABSENT  # REST | HTTP | WEBSOCKET
    endpoint_types: Value = ABSENT  # REST: EDGE | REGIONAL | PRIVATE

    @property
    def key(self) -> str:
        return key_of(self.resource)


@dataclass(slots=True)
class ApiMethod(Link):
    """A REST API method or an HTTP / WebSocket API route of the API ``target``."""

    authorization: Value = ABSENT  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS | JWT
    api_key_required: Value = ABSENT
    operation: Value = ABSENT  # the HTTP method (REST) or the route key ("GET /items")


@dataclass(slots=True)
class ApiStage(Fact):
    """A deployed stage of an API."""

    access_logs: Value = ABSENT  # the access log settings (None when not written)


@dataclass(slots=True)
class ApiDomain(Fact):
    """A custom domain name of API Gateway."""

    security_policy: Value = ABSENT


@dataclass(slots=True)
class FunctionUrl(Fact):
    """A Lambda function URL."""

    auth_type: Value = ABSENT  # NONE | AWS_IAM


@dataclass(slots=True)
class SensitiveLogging(Fact):
    """Settings that write request, response or execution payloads to the logs: API Gateway's
    data trace (per method settings), Step Functions' execution data."""

    flags: Value = ABSENT  # a list of the flags written (each a Value)


def public(api: Api) -> bool:
    """Whether ``api`` is known to be reachable from the internet: an HTTP API, or a REST API
    that is not private (a WebSocket API, or anything not known, is not)."""
    protocol = api.protocol.possible()
    if protocol == ["HTTP"]:
        return True
    if protocol != ["REST"] or api.endpoint_types.unknown:
        return False
    types = [t for v in api.endpoint_types.possible() for t in (v if isinstance(v, list) else [v])]
    return bool(types) and all(isinstance(t, str) and t != "PRIVATE" for t in types)


_NONE = "the default authorization type is NONE"
_EDGE = "a REST API is edge-optimized unless configured"


def _sam_endpoint_types(res: Resource) -> Value:
    """SAM ``EndpointConfiguration``: a type name, or a mapping with ``Type``."""
    written = setting(res, "EndpointConfiguration", ["EDGE"], _EDGE)
    if isinstance(written.value, dict):
        written = setting(res, "EndpointConfiguration.Type", ["EDGE"], _EDGE)
    return replace(
        written, value=written.value if isinstance(written.value, list) else [written.value]
    )


_SENSITIVE = {
    # resource type: (where the settings blocks are, the flag in each)
    "aws_api_gateway_method_settings": ("settings", "data_trace_enabled"),
    "aws_apigatewayv2_stage": ("default_route_settings", "data_trace_enabled"),
    "aws_sfn_state_machine": ("logging_configuration", "include_execution_data"),
    "AWS::ApiGateway::Stage": ("MethodSettings", "DataTraceEnabled"),
    "AWS::ApiGateway::Deployment": ("StageDescription", "DataTraceEnabled"),
    "AWS::ApiGatewayV2::Stage": ("DefaultRouteSettings", "DataTraceEnabled"),
    "AWS::StepFunctions::StateMachine": ("LoggingConfiguration", "IncludeExecutionData"),
    "AWS::Serverless::Api": ("MethodSettings", "DataTraceEnabled"),
    "AWS::Serverless::StateMachine": ("Logging", "IncludeExecutionData"),
}
_LEVEL = {"include_execution_data": "level", "IncludeExecutionData": "Level"}


def _sensitive_flags(res: Resource) -> Value:
    where, flag = _SENSITIVE[res.type]
    flags = []
    for path, block in each(res, where):
        level = block.get(_LEVEL.get(flag, ""), "OFF" if flag in _LEVEL else None)
        if level == "OFF":  # a state machine that logs nothing leaks nothing
            continue
        flags.append(item(block, flag, path))
    return known(flags)


def _types(table: dict, fmt: str) -> tuple[str, ...]:
    prefix = "aws_" if fmt == "terraform" else "AWS::"
    return tuple(t for t in table if t.startswith(prefix))


SHAPES = (
    Shape(
        Api,
        types={
            "terraform": ("aws_api_gateway_rest_api",),
            "cloudformation": ("AWS::ApiGateway::RestApi",),
        },
        fields={
            "protocol": Field({}, absent="REST"),
            "endpoint_types": Field(
                {
                    "terraform": "endpoint_configuration.types",
                    "cloudformation": "EndpointConfiguration.Types",
                },
                absent=["EDGE"],
                reason=_EDGE,
            ),
        },
    ),
    Shape(
        Api,
        types={"cloudformation": ("AWS::Serverless::Api",)},
        fields={
            "protocol": Field({}, absent="REST"),
            "endpoint_types": Field({"cloudformation": _sam_endpoint_types}),
        },
    ),
    Shape(
        Api,
        types={
            "terraform": ("aws_apigatewayv2_api",),
            "cloudformation": ("AWS::ApiGatewayV2::Api",),
        },
        fields={
            "protocol": Field({"terraform": "protocol_type", "cloudformation": "ProtocolType"}),
        },
    ),
    Shape(
        ApiMethod,
        types={
            "terraform": ("aws_api_gateway_method",),
            "cloudformation": ("AWS::ApiGateway::Method",),
        },
        fields={
            "target": Field(
                {
                    "terraform": lambda res: target(res, "rest_api_id"),
                    "cloudformation": lambda res: target(res, "RestApiId"),
                }
            ),
            "authorization": Field(
                {"terraform": "authorization", "cloudformation": "AuthorizationType"},
                absent="NONE",
                reason=_NONE,
            ),
            "api_key_required": Field(
                {"terraform": "api_key_required", "cloudformation": "ApiKeyRequired"},
                absent=False,
            ),
            "operation": Field({"terraform": "http_method", "cloudformation": "HttpMethod"}),
        },
    ),
    Shape(
        ApiMethod,
        types={
            "terraform": ("aws_apigatewayv2_route",),
            "cloudformation": ("AWS::ApiGatewayV2::Route",),
        },
        fields={
            "target": Field(
                {
                    "terraform": lambda res: target(res, "api_id"),
                    "cloudformation": lambda res: target(res, "ApiId"),
                }
            ),
            "authorization": Field(
                {"terraform": "authorization_type", "cloudformation": "AuthorizationType"},
                absent="NONE",
                reason=_NONE,
            ),
            "api_key_required": Field(
                {"terraform": "api_key_required", "cloudformation": "ApiKeyRequired"},
                absent=False,
            ),
            "operation": Field({"terraform": "route_key", "cloudformation": "RouteKey"}),
        },
    ),
    Shape(
        ApiStage,
        types={
            "terraform": ("aws_api_gateway_stage", "aws_apigatewayv2_stage"),
            "cloudformation": ("AWS::ApiGateway::Stage", "AWS::Serverless::Api"),
        },
        fields={
            "access_logs": Field(
                {"terraform": "access_log_settings", "cloudformation": "AccessLogSetting"},
                reason="API Gateway writes no access logs unless configured",
            )
        },
    ),
    Shape(
        ApiStage,
        types={"cloudformation": ("AWS::ApiGatewayV2::Stage", "AWS::Serverless::HttpApi")},
        fields={
            "access_logs": Field(
                {"cloudformation": "AccessLogSettings"},
                reason="API Gateway writes no access logs unless configured",
            )
        },
    ),
    Shape(
        ApiDomain,
        types={
            "terraform": ("aws_api_gateway_domain_name",),
            "cloudformation": ("AWS::ApiGateway::DomainName",),
        },
        fields={
            "security_policy": Field(
                {"terraform": "security_policy", "cloudformation": "SecurityPolicy"},
                absent="TLS_1_0",
                reason="TLS_1_0 is API Gateway's default security policy for a REST API domain",
            )
        },
    ),
    Shape(
        ApiDomain,
        types={
            "terraform": ("aws_apigatewayv2_domain_name",),
            "cloudformation": ("AWS::ApiGatewayV2::DomainName",),
        },
        fields={
            "security_policy": Field(
                {
                    "terraform": "domain_name_configuration.security_policy",
                    "cloudformation": "DomainNameConfigurations.SecurityPolicy",
                },
                absent="TLS_1_2",
            )
        },
    ),
    Shape(
        FunctionUrl,
        types={
            "terraform": ("aws_lambda_function_url",),
            "cloudformation": ("AWS::Lambda::Url",),
        },
        fields={
            "auth_type": Field({"terraform": "authorization_type", "cloudformation": "AuthType"})
        },
    ),
    Shape(
        FunctionUrl,
        types={"cloudformation": ("AWS::Serverless::Function",)},
        fields={"auth_type": Field({"cloudformation": "FunctionUrlConfig.AuthType"})},
        applies=lambda res: setting(res, "FunctionUrlConfig").explicit,
    ),
    Shape(
        SensitiveLogging,
        types={f: _types(_SENSITIVE, f) for f in ("terraform", "cloudformation")},
        fields={"flags": Field(dict.fromkeys(("terraform", "cloudformation"), _sensitive_flags))},
    ),
)
