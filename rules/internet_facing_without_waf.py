"""Internet-facing endpoint without a WAF web ACL.

## What it does
Finds internet-facing application load balancers, REST API stages (SAM
`AWS::Serverless::Api` included) and CloudFront distributions that no WAF web ACL protects: no
`web_acl_id` (CloudFormation `WebACLId`) on a distribution, no `aws_wafv2_web_acl_association` /
`AWS::WAFv2::WebACLAssociation` (or their WAF Classic regional forms) naming a load balancer or
stage. An association naming a resource not known before deployment counts as one. Internal load
balancers, network load balancers and stages of private REST APIs (or of an API not in the
configuration) are not flagged. Off by default.

## Why is this bad?
A web ACL blocks the common attacks (SQL injection, known bad inputs, bots, floods from one
address) before they reach the application; without one every request is the application's to
handle.

## How to fix
Associate a WAFv2 web ACL, for example with the AWS managed core rule set and a rate-based
rule.

## Example
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}
```

## Use instead
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = aws_wafv2_web_acl.web.arn
}
```
"""

from infralint.facts.apis import Api, public
from infralint.facts.edge import WafAssociation, WebEntryPoint
from infralint.facts.links import key_of, naming

ID = "IL607"
NAME = "internet-facing-without-waf"
CATEGORY = "public-exposure"
SEVERITY = "info"
FACTS = (WebEntryPoint,)
READS = (WafAssociation, Api)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, entry):
    res = entry.resource
    if True not in entry.internet_facing.possible() or not entry.web_acl.defaulted:
        return
    if naming(ctx, WafAssociation, (key_of(res),), res.scope) != []:
        return
    if entry.kind == "REST API stage" and not _public_stage(ctx, entry):
        return
    why = f" ({entry.internet_facing.reason})" if entry.internet_facing.defaulted else ""
    yield ctx.finding(
        res, (), f"{res.address}: internet-facing {entry.kind} without a WAF web ACL{why}"
    )


def _public_stage(ctx, stage):
    apis = [] if stage.api.unknown else ctx.index(Api, by="key").get(stage.api.value, [])
    return bool(apis) and all(public(api) for api in apis)
