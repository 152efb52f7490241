"""Security group open to the whole internet on a non-web port.

## What it does
Finds ingress permissions whose sources cover every IPv4 or IPv6 address (`0.0.0.0/0`, `::/0`,
or CIDRs that together cover the whole space) on any port other than 80 and 443: SSH, RDP,
database ports, application ports, all ports, all protocols. Inline `ingress` blocks,
`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`, CloudFormation
`SecurityGroupIngress` lists and `AWS::EC2::SecurityGroupIngress` are all read.

Option `web_ports` (default `[80, 443]`) lists the ports that may be open to the world:
`[rules.open-ingress] web_ports = [80, 443, 8443]`.

What listens behind the group decides what is reachable: a group attached only to load
balancers whose listeners are all in the configuration is judged by those listeners' ports (a
load balancer group open to all protocols while its load balancer listens on 80 and 443 is not
reported); a group attached only to Lambda functions, DocumentDB clusters or Amazon MQ brokers
that are not publicly accessible, which have no address the internet can reach, is not
reported. A group attached to anything else, to nothing
in the configuration, or to a load balancer whose listeners are not all known, is judged by its
rules alone.

## Why is this bad?
Anything listening on such a port can be reached, scanned and brute-forced by anyone. Only
HTTP and HTTPS on a load balancer or a web server are meant to face the internet; everything else
should accept traffic from known networks or from other security groups.

## How to fix
Restrict the source to the networks that need access (a VPN or office CIDR), or reference the
security group of the caller (for an app behind a load balancer: the load balancer's group). Use
SSM Session Manager instead of opening SSH.

## Example
```hcl
resource "aws_security_group" "app" {
  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```

## Use instead
```hcl
resource "aws_security_group" "app" {
  ingress {
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}
```
"""

from infralint.facts import Attachment, IngressRule
from infralint.facts.network import (
    Listeners,
    covers_everything,
    describe,
    listener_ports,
    non_web_ports,
    port_range,
    reachable_ports,
)
from infralint.model import possible

ID = "IL201"
NAME = "open-ingress"
CATEGORY = "open-ingress"
SEVERITY = "high"
FACTS = (IngressRule,)
READS = (Attachment, Listeners)
FORMATS = ("terraform", "cloudformation")
CONF = {"web_ports": [int]}
DEFAULT = {"web_ports": [80, 443]}


def check(ctx, rule):
    world = [c for c in rule.cidrs if covers_everything(possible(c.value))]
    if not world and not covers_everything([v for c in rule.cidrs for v in possible(c.value)]):
        return
    ports = port_range(rule.protocol.value, rule.from_port.value, rule.to_port.value)
    web = ctx.options["web_ports"]
    if ports is None or not non_web_ports(ports, web):
        return
    attached = ctx.index(Attachment, by="group").get(rule.group, []) if rule.group else []
    by_balancer = ctx.memo(
        ("listener-ports",), lambda: listener_ports(ctx.graph, ctx.facts(Listeners))
    )
    reachable = reachable_ports(attached, by_balancer)
    behind = ""
    if reachable is not None:
        low, high = ports
        open_ports = sorted(p for p in reachable if low <= p <= high and p not in web)
        if not open_ports:
            return  # nothing listens behind the group on a port the rule opens
        behind = f"; reachable through load balancer listeners on {', '.join(map(str, open_ports))}"
    where = world[0].path if world else rule.cidrs[0].path
    users = sorted({a.resource.address for a in attached})
    used_by = f" (attached to {', '.join(users)})" if users else ""
    name = rule.protocol.value
    protocol = "all protocols" if name == "all" else f"{name} {describe(ports)}"
    yield ctx.finding(
        rule.resource, where, f"ingress from the whole internet to {protocol}{used_by}{behind}"
    )
