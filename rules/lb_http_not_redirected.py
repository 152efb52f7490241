"""Internet-facing load balancer serves plain HTTP.

## What it does
Finds HTTP listeners (`aws_lb_listener` / `AWS::ElasticLoadBalancingV2::Listener` whose
protocol is `HTTP`, or not given: an Application Load Balancer listener is HTTP by default) of
an internet-facing Application Load Balancer whose default action forwards the request to the
application instead of redirecting it to HTTPS or answering with a fixed response. The load
balancer is found through the listener's `load_balancer_arn` / `LoadBalancerArn` reference; a
load balancer is internet-facing unless `internal = true` / `Scheme: internal`.

Internal load balancers, Network Load Balancer TCP/UDP listeners, listeners whose load
balancer is not in the scan and listeners whose default action cannot be known are not
reported. Listener rules (`aws_lb_listener_rule`, `AWS::ElasticLoadBalancingV2::ListenerRule`)
are not read: only the listener's default action is judged.

## Why is this bad?
Requests forwarded over plain HTTP travel unencrypted across the internet: session cookies,
tokens and form data can be read or changed by anyone on the path.

## How to fix
Make the HTTP listener's default action a `redirect` to `HTTPS` (status `HTTP_301`) and serve
the application from an HTTPS listener.

## Example
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```

## Use instead
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
```
"""

from infralint.facts.elb import Listener, LoadBalancer

ID = "IL801"
NAME = "lb-http-not-redirected"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (Listener,)
READS = (LoadBalancer,)
FORMATS = ("terraform", "cloudformation")

_ANSWERED = {"redirect", "fixed-response"}  # actions that do not serve the application


def check(ctx, listener):
    if not listener.protocol.any(lambda p: str(p).upper() == "HTTP"):
        return
    if not listener.actions.any(lambda types: "forward" in types and not _ANSWERED & set(types)):
        return
    for lb in ctx.index(LoadBalancer, by="node").get(listener.balancer, ()):
        if lb.kind.any(lambda k: k == "application") and lb.internet_facing.any(
            lambda v: v is True
        ):
            why = f" ({listener.protocol.reason})" if listener.protocol.defaulted else ""
            yield ctx.finding(
                listener.resource,
                listener.protocol,
                f"{listener.resource.address} forwards plain HTTP from internet-facing load "
                f"balancer {lb.resource.address} instead of redirecting to HTTPS{why}",
            )
            return
