"""CloudFront reaching its origin over plain HTTP or old TLS.

## What it does
Finds custom origins of a CloudFront distribution with `origin_protocol_policy = "http-only"`
(CloudFormation `OriginProtocolPolicy: http-only`), except S3 website endpoints (which speak
only HTTP), and origins whose `origin_ssl_protocols` (`OriginSSLProtocols`) include `SSLv3`,
`TLSv1` or `TLSv1.1`.

## Why is this bad?
HTTPS between viewers and CloudFront protects nothing if CloudFront then fetches the content
from the origin in clear, or over a protocol an attacker on the path can downgrade and break.

## How to fix
Use `https-only` with `origin_ssl_protocols = ["TLSv1.2"]`, and give the origin a certificate.

## Example
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
```

## Use instead
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
```
"""

from infralint.facts.edge import Distribution
from infralint.model import Ref, Unknown

ID = "IL805"
NAME = "origin-weak-tls"
CATEGORY = "tls"
SEVERITY = "low"
FACTS = (Distribution,)
FORMATS = ("terraform", "cloudformation")

WEAK = ("SSLv3", "TLSv1", "TLSv1.1")


def check(ctx, distribution):
    address = distribution.resource.address
    for origin in distribution.origins.value or ():
        policy = origin.protocol_policy
        if "http-only" in policy.possible():
            if not _website(origin.domain):
                yield ctx.finding(
                    distribution.resource,
                    policy,
                    f"{address} fetches from origin {_name(origin.domain)} over plain HTTP "
                    "(origin protocol policy http-only)",
                )
            continue
        protocols = [p for v in origin.ssl_protocols.possible() for p in _listed(v)]
        weak = [p for p in protocols if p in WEAK]
        if weak:
            yield ctx.finding(
                distribution.resource,
                origin.ssl_protocols,
                f"{address} may reach origin {_name(origin.domain)} over {', '.join(weak)}",
            )


def _website(domain):
    """An S3 website endpoint (HTTP only); a domain not known counts as one (silent)."""
    if isinstance(domain, Ref):
        return "website" in (domain.attribute or "")
    if isinstance(domain, str):
        return ".s3-website" in domain
    return True


def _listed(value):
    return value if isinstance(value, list) else [value]


def _name(domain):
    return str(domain) if isinstance(domain, str | Ref) and not isinstance(domain, Unknown) else "?"
