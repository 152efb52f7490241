"""Load balancer listener accepts TLS 1.0 or 1.1.

## What it does
Finds HTTPS and TLS listeners (`aws_lb_listener` / `AWS::ElasticLoadBalancingV2::Listener`)
whose security policy (`ssl_policy` / `SslPolicy`) still negotiates TLS 1.0 or TLS 1.1, or
that name no policy: ELB then applies `ELBSecurityPolicy-2016-08`, which accepts TLS 1.0 (the
console picks a TLS 1.3 policy; the API, Terraform and CloudFormation do not).

Per the Elastic Load Balancing security policy table, the policies that accept TLS 1.0 or 1.1
are `ELBSecurityPolicy-2016-08`, `-2015-05`, `-TLS-1-0-*`, `-TLS-1-1-*`, `-FS-2018-06`,
`-FS-1-1-*` and, despite their names, `-TLS13-1-0-*` and `-TLS13-1-1-*` (TLS 1.3 down to 1.0 or
1.1). Every `ELBSecurityPolicy-TLS13-1-2-*`, `-TLS13-1-3-*`, `-TLS-1-2-*` and `-FS-1-2-*`
policy requires TLS 1.2 or later and is not reported.

## Why is this bad?
TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak constructions (CBC with
predictable IVs, SHA-1 handshakes) and PCI DSS forbids them. Accepting them lets a downgrade
push clients onto the weakest protocol both sides support.

## How to fix
Name a policy that requires TLS 1.2, such as `ELBSecurityPolicy-TLS13-1-2-2021-06`.

## Example
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```

## Use instead
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```
"""

from infralint.facts.elb import Listener

ID = "IL802"
NAME = "lb-weak-tls-policy"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (Listener,)
FORMATS = ("terraform", "cloudformation")

_PREFIX = "ELBSecurityPolicy-"
# Policies whose lowest protocol is TLS 1.2 (or 1.3); every other ELB policy accepts 1.0/1.1.
_MODERN = ("TLS13-1-2-", "TLS13-1-3-", "TLS-1-2-", "FS-1-2-")


def weak(policy) -> bool:
    """Whether an ELB security policy name accepts TLS 1.0 or 1.1."""
    if not isinstance(policy, str) or not policy.startswith(_PREFIX):
        return False
    return not policy[len(_PREFIX) :].startswith(_MODERN)


def check(ctx, listener):
    if not listener.protocol.any(lambda p: str(p).upper() in ("HTTPS", "TLS")):
        return
    policy = listener.ssl_policy
    if policy.unknown or not policy.any(weak):
        return
    shown = next(p for p in policy.possible() if weak(p))
    why = f": {policy.reason}" if policy.defaulted else ""
    yield ctx.finding(
        listener.resource,
        policy,
        f"{listener.resource.address} accepts TLS 1.0/1.1 with security policy {shown}{why}",
    )
