"""API Gateway method or route without authorization.

## What it does
Finds REST API methods (`aws_api_gateway_method`, `AWS::ApiGateway::Method`) whose
authorization is `NONE` and that do not require an API key, and HTTP API routes
(`aws_apigatewayv2_route`, `AWS::ApiGatewayV2::Route`) whose authorization type is `NONE` or
not set (the default is `NONE`). CORS preflight (`OPTIONS`) methods and routes, methods of
private REST APIs and WebSocket routes are not flagged, nor are methods whose API is not in the
configuration (it may be private).

## Why is this bad?
Anyone on the internet can call such an endpoint. That is right for a few public endpoints and
a mistake for everything else; making it explicit keeps it a decision.

## How to fix
Attach an authorizer (IAM, Cognito, JWT or a Lambda authorizer). For an endpoint that must be
public, suppress the finding with a reason.

## Example
```hcl
resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_method" "orders" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "POST"
  authorization = "NONE"
}
```

## Use instead
```hcl
resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_method" "orders" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_rest_api.shop.root_resource_id
  http_method   = "POST"
  authorization = "AWS_IAM"
}
```
"""

from infralint.facts.apis import Api, ApiMethod, public
from infralint.model import as_bool

ID = "IL604"
NAME = "api-method-without-auth"
CATEGORY = "public-exposure"
SEVERITY = "medium"
FACTS = (ApiMethod,)
READS = (Api,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, method):
    auth = method.authorization
    if "NONE" not in auth.possible() or _preflight(method.operation):
        return
    if any(as_bool(v) is not False for v in method.api_key_required.possible()):
        return
    apis = [] if method.target.unknown else ctx.index(Api, by="key").get(method.target.value, [])
    if not apis or not all(public(api) for api in apis):
        return
    why = f" ({auth.reason})" if auth.defaulted else ""
    what = "route" if apis[0].protocol.value == "HTTP" else "method"
    operation = next(iter(method.operation.possible()), "")
    yield ctx.finding(
        method.resource,
        auth,
        f"{method.resource.address}: anyone can call {what} {operation} without authorization{why}",
    )


def _preflight(operation):
    """A CORS preflight, or an operation not known (silent)."""
    ops = [o for o in operation.possible() if isinstance(o, str)]
    return not ops or any(o.upper().split(" ")[0] == "OPTIONS" for o in ops)
