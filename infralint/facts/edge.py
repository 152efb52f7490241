"""Edge facts: CloudFront distributions, WAF associations, and the internet-facing entry points
a web ACL can protect (application load balancers, REST API stages, distributions)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from infralint.facts import Fact
from infralint.facts.links import Link, key_of, target
from infralint.facts.shapes import Field, Shape, each, setting
from infralint.facts.values import ABSENT, Value, default, item, known
from infralint.model import Resource, as_bool

_CF = "DistributionConfig."


@dataclass(slots=True)
class Origin:
    """One origin of a distribution, as far as the TLS to it goes."""

    domain: Any  # the domain name as written (a Ref, a string or an Unknown)
    protocol_policy: Value  # http-only | https-only | match-viewer (None: not a custom origin)
    ssl_protocols: Value  # the protocols CloudFront may use with it


@dataclass(slots=True)
class Distribution(Fact):
    """A CloudFront distribution."""

    viewer_protocols: Value = ABSENT  # a list of each cache behaviour's viewer protocol policy
    custom_certificate: Value = ABSENT  # True: an ACM or IAM certificate (not *.cloudfront.net)
    minimum_protocol: Value = ABSENT  # the viewer TLS security policy
    origins: Value = ABSENT  # a list of Origin
    logging: Value = ABSENT  # the standard (legacy) access log configuration
    web_acl: Value = ABSENT


@dataclass(slots=True)
class LogDelivery(Link):
    """A CloudWatch Logs delivery source: a resource (``target``) whose logs are delivered
    (CloudFront's standard logging v2)."""


@dataclass(slots=True)
class WafAssociation(Link):
    """A web ACL associated with a resource (``target``: a load balancer or an API stage)."""


@dataclass(slots=True)
class WebEntryPoint(Fact):
    """Something the internet reaches that a WAF web ACL can protect."""

    internet_facing: Value = ABSENT
    web_acl: Value = ABSENT  # an ACL written in the resource itself (CloudFront)
    api: Value = ABSENT  # a REST API stage: the key of its API (see links.target)

    @property
    def kind(self) -> str:
        return _ENTRY_KINDS[self.resource.type]


_BEHAVIOURS = {
    "terraform": ("default_cache_behavior", "ordered_cache_behavior", "viewer_protocol_policy"),
    "cloudformation": (
        _CF + "DefaultCacheBehavior",
        _CF + "CacheBehaviors",
        "ViewerProtocolPolicy",
    ),
}


def _viewer_protocols(res: Resource) -> Value:
    first, rest, key = _BEHAVIOURS[res.format]
    blocks = each(res, first) + each(res, rest)
    return known([item(block, key, path) for path, block in blocks])


_CERTIFICATE = {
    "terraform": ("viewer_certificate", "acm_certificate_arn", "iam_certificate_id"),
    "cloudformation": (_CF + "ViewerCertificate", "AcmCertificateArn", "IamCertificateId"),
}


def _custom_certificate(res: Resource) -> Value:
    where, acm, iam = _CERTIFICATE[res.format]
    for path, block in each(res, where):
        for key in (acm, iam):
            if block.get(key) is not None:
                return known(True, path + (key,))
    return default(False, "the distribution uses the *.cloudfront.net certificate")


_PROTOCOL = {
    "terraform": ("origin", "domain_name", "custom_origin_config", "origin_protocol_policy"),
    "cloudformation": (_CF + "Origins", "DomainName", "CustomOriginConfig", "OriginProtocolPolicy"),
}
_SSL = {"terraform": "origin_ssl_protocols", "cloudformation": "OriginSSLProtocols"}


def _origins(res: Resource) -> Value:
    where, domain, custom, policy = _PROTOCOL[res.format]
    out = []
    for path, origin in each(res, where):
        config = origin.get(custom)
        config = config[0] if isinstance(config, list) and len(config) == 1 else config
        if not isinstance(config, dict):
            out.append(Origin(origin.get(domain), default(None), default(None)))
            continue
        inner = path + (custom, 0) if isinstance(origin.get(custom), list) else path + (custom,)
        out.append(
            Origin(
                origin.get(domain),
                item(config, policy, inner),
                item(config, _SSL[res.format], inner),
            )
        )
    return known(out)


_LB_TYPES = ("aws_lb", "aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer")
_ENTRY_KINDS = {
    **dict.fromkeys(_LB_TYPES, "application load balancer"),
    "aws_api_gateway_stage": "REST API stage",
    "AWS::ApiGateway::Stage": "REST API stage",
    "AWS::Serverless::Api": "REST API stage",  # SAM: the API and its stage in one
    "aws_cloudfront_distribution": "CloudFront distribution",
    "AWS::CloudFront::Distribution": "CloudFront distribution",
}
_PUBLIC_LB = "a load balancer is internet-facing unless made internal"


def _internet_facing(res: Resource) -> Value:
    if res.type not in _LB_TYPES:
        return default(True, "it has a public endpoint")
    if res.format == "terraform":
        internal = setting(res, "internal", False, _PUBLIC_LB)
        return _mapped(internal, lambda v: as_bool(v) is False)
    scheme = setting(res, "Scheme", "internet-facing", _PUBLIC_LB)
    return _mapped(scheme, lambda v: v == "internet-facing")


def _mapped(value: Value, test: Any) -> Value:
    """``value`` as whether one of its possible values passes ``test`` (unknown stays so)."""
    if value.unknown:
        return value
    return replace(value, value=any(test(v) for v in value.possible()))


def _application(res: Resource) -> bool:
    """Only application load balancers take a web ACL."""
    if res.type not in _LB_TYPES:
        return True
    kind = res.get("load_balancer_type" if res.format == "terraform" else "Type")
    return kind is None or kind == "application"


def _arn(dotted: str):
    return lambda res: target(res, dotted)


def _cfn_api(res: Resource) -> Value:
    """The REST API of a stage: ``RestApiId``, or the SAM API itself."""
    if res.type == "AWS::Serverless::Api":
        return known(key_of(res))
    return target(res, "RestApiId")


SHAPES = (
    Shape(
        Distribution,
        types={
            "terraform": ("aws_cloudfront_distribution",),
            "cloudformation": ("AWS::CloudFront::Distribution",),
        },
        fields={
            "viewer_protocols": Field({f: _viewer_protocols for f in _BEHAVIOURS}),
            "custom_certificate": Field({f: _custom_certificate for f in _CERTIFICATE}),
            "minimum_protocol": Field(
                {
                    "terraform": "viewer_certificate.minimum_protocol_version",
                    "cloudformation": _CF + "ViewerCertificate.MinimumProtocolVersion",
                },
                absent="TLSv1",
                reason="with a custom certificate CloudFront accepts TLSv1 when no minimum is set",
            ),
            "origins": Field({f: _origins for f in _PROTOCOL}),
            "logging": Field(
                {"terraform": "logging_config", "cloudformation": _CF + "Logging"},
                reason="CloudFront writes no access logs unless configured",
            ),
            "web_acl": Field({"terraform": "web_acl_id", "cloudformation": _CF + "WebACLId"}),
        },
    ),
    Shape(
        LogDelivery,
        types={
            "terraform": ("aws_cloudwatch_log_delivery_source",),
            "cloudformation": ("AWS::Logs::DeliverySource",),
        },
        fields={
            "target": Field(
                {"terraform": _arn("resource_arn"), "cloudformation": _arn("ResourceArn")}
            )
        },
    ),
    Shape(
        WafAssociation,
        types={
            "terraform": (
                "aws_wafv2_web_acl_association",
                "aws_wafregional_web_acl_association",
            ),
            "cloudformation": (
                "AWS::WAFv2::WebACLAssociation",
                "AWS::WAFRegional::WebACLAssociation",
            ),
        },
        fields={
            "target": Field(
                {"terraform": _arn("resource_arn"), "cloudformation": _arn("ResourceArn")}
            )
        },
    ),
    Shape(
        WebEntryPoint,
        types={
            "terraform": tuple(t for t in _ENTRY_KINDS if t.startswith("aws_")),
            "cloudformation": tuple(t for t in _ENTRY_KINDS if t.startswith("AWS::")),
        },
        fields={
            "internet_facing": Field(
                {"terraform": _internet_facing, "cloudformation": _internet_facing}
            ),
            "web_acl": Field({"terraform": "web_acl_id", "cloudformation": _CF + "WebACLId"}),
            "api": Field({"terraform": _arn("rest_api_id"), "cloudformation": _cfn_api}),
        },
        applies=_application,
    ),
)
