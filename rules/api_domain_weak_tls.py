"""API Gateway custom domain accepting TLS 1.0.

## What it does
Finds API Gateway custom domain names whose security policy is `TLS_1_0`:
`aws_api_gateway_domain_name.security_policy` and CloudFormation `SecurityPolicy`, including
when it is not set (TLS_1_0 is API Gateway's default for REST API domains).
`aws_apigatewayv2_domain_name` accepts only TLS 1.2.

## Why is this bad?
The TLS 1.0 policy accepts TLS 1.0 and 1.1 (deprecated by RFC 8996) and their weak cipher
suites; clients can be downgraded to them.

## How to fix
Set `security_policy = "TLS_1_2"`.

## Example
```hcl
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/4f5a6b7c"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
```

## Use instead
```hcl
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/4f5a6b7c"
  security_policy          = "TLS_1_2"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
```
"""

from infralint.facts.apis import ApiDomain

ID = "IL806"
NAME = "api-domain-weak-tls"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (ApiDomain,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, domain):
    policy = domain.security_policy
    if "TLS_1_0" not in policy.possible():
        return
    why = f" ({policy.reason})" if policy.defaulted else ""
    yield ctx.finding(
        domain.resource,
        policy,
        f"{domain.resource.address} accepts TLS 1.0 and 1.1 (security policy TLS_1_0){why}",
    )
