"""Network arithmetic for rules: real CIDR math with ``ipaddress`` and port ranges; and what
the internet can reach behind a security group (load balancer listeners, resources without a
public address)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from infralint.facts import Fact
from infralint.facts.shapes import Field, Shape
from infralint.facts.values import ABSENT, Value, default, known
from infralint.model import Resource, as_bool, as_int, as_list, possible

WEB_PORTS = frozenset({80, 443})
ALL_PORTS = (0, 65535)


def network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def covers_everything(values: list[Any]) -> bool:
    """True when the CIDRs together admit every IPv4 address or every IPv6 address
    (``0.0.0.0/0``, ``::/0``, or e.g. ``0.0.0.0/1`` + ``128.0.0.0/1``)."""
    v4 = [n for n in map(network, values) if n is not None and n.version == 4]
    v6 = [n for n in map(network, values) if n is not None and n.version == 6]
    for nets in (v4, v6):
        if nets and any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(nets)):
            return True
    return False


def port_range(protocol: Any, from_port: Any, to_port: Any) -> tuple[int, int] | None:
    """The port range an ingress permission opens, or None when it cannot be known (or the
    protocol has no ports, like ICMP)."""
    if protocol == "all":
        return ALL_PORTS
    if protocol not in ("tcp", "udp"):
        return None
    low, high = as_int(from_port), as_int(to_port)
    if low is None or high is None:
        return None
    if low == -1 or high == -1:
        return ALL_PORTS
    return (min(low, high), max(low, high))


def non_web_ports(ports: tuple[int, int], web_ports: Iterable[int] = WEB_PORTS) -> bool:
    """Whether the range opens a port that is not one of ``web_ports``."""
    low, high = ports
    web = set(web_ports)
    return high - low + 1 > len(web) or any(p not in web for p in range(low, high + 1))


def describe(ports: tuple[int, int]) -> str:
    if ports == ALL_PORTS:
        return "all ports"
    low, high = ports
    return f"port {low}" if low == high else f"ports {low}-{high}"


def world_values(values: list[Any]) -> list[Any]:
    """Every possible value of the given CIDR values."""
    out: list = []
    for value in values:
        out.extend(possible(value))
    return out


# --------------------------------------------------------------------------- load balancers


@dataclass(slots=True)
class Listeners(Fact):
    """The ports a load balancer listens on: an ALB/NLB listener (one port, its load balancer a
    reference) or a classic load balancer's own listener list (``load_balancer`` absent)."""

    load_balancer: Value = ABSENT  # a reference to the load balancer; absent: this resource
    ports: Value = ABSENT  # list of ports


def _listener_port(name: str) -> Callable[[Resource], Value]:
    def read(res: Resource) -> Value:
        port = res.get(name)
        return known([port], (name,)) if port is not None else _unknown_port(name)

    return read


def _classic_ports(block: str, port: str) -> Callable[[Resource], Value]:
    def read(res: Resource) -> Value:
        listeners = as_list(res.get(block))
        ports = [entry.get(port) for entry in listeners if isinstance(entry, dict)]
        return known(ports, (block,)) if ports else _unknown_port(block)

    return read


def _unknown_port(name: str) -> Value:
    return default(None, "no listener port written", (name,))


SHAPES = (
    Shape(
        Listeners,
        types={
            "terraform": ("aws_lb_listener", "aws_alb_listener"),
            "cloudformation": ("AWS::ElasticLoadBalancingV2::Listener",),
        },
        fields={
            "load_balancer": Field(
                {"terraform": "load_balancer_arn", "cloudformation": "LoadBalancerArn"}
            ),
            "ports": Field(
                {"terraform": _listener_port("port"), "cloudformation": _listener_port("Port")}
            ),
        },
    ),
    Shape(
        Listeners,
        types={
            "terraform": ("aws_elb",),
            "cloudformation": ("AWS::ElasticLoadBalancing::LoadBalancer",),
        },
        fields={
            "ports": Field(
                {
                    "terraform": _classic_ports("listener", "lb_port"),
                    "cloudformation": _classic_ports("Listeners", "LoadBalancerPort"),
                }
            ),
        },
    ),
)

# Resources that have no address the internet can reach: a security group used only by them
# admits nothing from outside, whatever its rules say.
UNREACHABLE = frozenset(
    {
        "aws_lambda_function",
        "AWS::Lambda::Function",
        "AWS::Serverless::Function",
        "aws_docdb_cluster",
        "AWS::DocDB::DBCluster",
    }
)


def reachable_ports(attachments: list, by_balancer: dict[str, set]) -> set[int] | None:
    """The ports through which the internet can reach what a security group is attached to,
    when that can be told from the configuration: none when it is attached only to resources
    without a public address (Lambda functions, DocumentDB clusters, brokers that are not
    publicly accessible); the listener ports when it is attached only to load balancers whose
    listeners are all written with known ports. None when anything else uses the group (or
    nothing does, or a port is unknown). ``by_balancer`` is :func:`listener_ports`."""
    if not attachments:
        return None
    users = [a.resource for a in attachments]
    if all(_unreachable(u) for u in users):
        return set()
    if not all(a.kind == "load-balancer" for a in attachments):
        return None
    ports: set[int] = set()
    for balancer in users:
        found = by_balancer.get(balancer.key)
        if not found or None in found:
            return None
        ports |= found
    return ports


# Resources with a public address only when a flag says so (absent: private).
_PUBLIC_WHEN = {
    "AWS::AmazonMQ::Broker": "PubliclyAccessible",
    "aws_mq_broker": "publicly_accessible",
}


def _unreachable(res: Resource) -> bool:
    flag = _PUBLIC_WHEN.get(res.type)
    if flag is not None:
        value = res.get(flag)
        return value is None or as_bool(value) is False
    return res.type in UNREACHABLE


def listener_ports(graph: Any, listeners: list) -> dict[str, set]:
    """Load balancer graph key → the ports its listeners open (None for an unknown port)."""
    out: dict[str, set] = {}
    for fact in listeners:
        ref = fact.load_balancer.value
        key = fact.resource.key if ref is None else graph.target(fact.resource, ref)
        if not key:
            continue
        values = fact.ports.value if isinstance(fact.ports.value, list) else [None]
        out.setdefault(key, set()).update(as_int(p) for p in values)
    return out
