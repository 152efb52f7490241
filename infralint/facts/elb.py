"""Load balancer facts: Application/Network/Gateway Load Balancers and their listeners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infralint.facts import Fact
from infralint.facts.shapes import Field, Referable, Shape, mapped, named, refers, setting
from infralint.facts.values import ABSENT, Value, default, known
from infralint.model import Resource, Unknown, as_bool


@dataclass(slots=True)
class LoadBalancer(Referable, Fact):
    """An Elastic Load Balancing v2 load balancer."""

    kind: Value = ABSENT  # application | network | gateway
    internet_facing: Value = ABSENT  # True, False
    access_logs: Value = ABSENT  # whether access logs are written (bool)


@dataclass(slots=True)
class Listener(Fact):
    """A listener of a load balancer: its protocol, TLS policy and default actions."""

    load_balancer: Value = ABSENT  # the node of its load balancer (see shapes.refers)
    protocol: Value = ABSENT  # HTTP | HTTPS | TCP | TLS | UDP | TCP_UDP | GENEVE
    ssl_policy: Value = ABSENT
    actions: Value = ABSENT  # the types of its default actions, in order

    @property
    def balancer(self) -> str:
        return named(self.load_balancer)


def _not(value: Any) -> Any:
    flag = as_bool(value)
    return None if flag is None else not flag


_FACING = "a load balancer is internet-facing by default"


def _internal_tf(res: Resource) -> Value:
    internal = setting(res, "internal", False, _FACING)
    return mapped(internal, _not)


def _scheme_cfn(res: Resource) -> Value:
    scheme = setting(res, "Scheme", "internet-facing", _FACING)
    return mapped(scheme, lambda v: v == "internet-facing" if isinstance(v, str) else None)


_LOGS_OFF = "Elastic Load Balancing writes no access logs unless access_logs.s3.enabled is true"


def _access_logs_cfn(res: Resource) -> Value:
    """``access_logs.s3.enabled`` among the ``LoadBalancerAttributes`` key/value pairs."""
    attributes = res.get("LoadBalancerAttributes")
    if not isinstance(attributes, list):
        return default(False, _LOGS_OFF, ("LoadBalancerAttributes",))
    for i, pair in enumerate(attributes):
        if isinstance(pair, dict) and pair.get("Key") == "access_logs.s3.enabled":
            return mapped(known(pair.get("Value"), ("LoadBalancerAttributes", i, "Value")), as_bool)
    return default(False, _LOGS_OFF, ("LoadBalancerAttributes",))


def _actions(key: str, type_key: str) -> Any:
    def read_actions(res: Resource) -> Value:
        actions = res.get(key)
        if not isinstance(actions, list):
            return known(Unknown("default actions not known"), (key,)) if actions else ABSENT
        types = [a.get(type_key) if isinstance(a, dict) else None for a in actions]
        if not all(isinstance(t, str) for t in types):
            return known(Unknown("the type of a default action is not known"), (key,))
        return known(types, (key,))

    return read_actions


_DEFAULT_POLICY = (
    "ELBSecurityPolicy-2016-08",
    "ELB applies ELBSecurityPolicy-2016-08 (TLS 1.0 and later) to a listener that names no "
    "security policy",
)

SHAPES = (
    Shape(
        LoadBalancer,
        types={
            "terraform": ("aws_lb", "aws_alb"),
            "cloudformation": ("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        },
        fields={
            "kind": Field(
                {"terraform": "load_balancer_type", "cloudformation": "Type"},
                absent="application",
                reason="a load balancer is an Application Load Balancer unless its type is given",
            ),
            "internet_facing": Field({"terraform": _internal_tf, "cloudformation": _scheme_cfn}),
            "access_logs": Field(
                {"terraform": "access_logs.enabled", "cloudformation": _access_logs_cfn},
                absent=False,
                reason="the AWS provider leaves access logs off unless access_logs.enabled = true",
            ),
        },
    ),
    Shape(
        Listener,
        types={
            "terraform": ("aws_lb_listener", "aws_alb_listener"),
            "cloudformation": ("AWS::ElasticLoadBalancingV2::Listener",),
        },
        fields={
            "load_balancer": Field(
                {
                    "terraform": refers("load_balancer_arn"),
                    "cloudformation": refers("LoadBalancerArn"),
                }
            ),
            "protocol": Field(
                {"terraform": "protocol", "cloudformation": "Protocol"},
                absent="HTTP",
                reason="an Application Load Balancer listener without a protocol is HTTP",
            ),
            "ssl_policy": Field(
                {"terraform": "ssl_policy", "cloudformation": "SslPolicy"},
                absent=_DEFAULT_POLICY[0],
                reason=_DEFAULT_POLICY[1],
            ),
            "actions": Field(
                {
                    "terraform": _actions("default_action", "type"),
                    "cloudformation": _actions("DefaultActions", "Type"),
                }
            ),
        },
    ),
)
