"""CloudFront cache behaviour that serves plain HTTP.

## What it does
Finds CloudFront cache behaviours (the default one and each ordered one) whose viewer protocol
policy is `allow-all`.

## Why is this bad?
With `allow-all` viewers may fetch the content over plain HTTP: anyone on the path can read or
alter it, and session cookies travel in clear.

## How to fix
Use `redirect-to-https` (or `https-only` for APIs).

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
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
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
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
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

ID = "IL803"
NAME = "cloudfront-allows-http"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (Distribution,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, distribution):
    for policy in distribution.viewer_protocols.value or ():
        if "allow-all" in policy.possible():
            yield ctx.finding(
                distribution.resource,
                policy,
                f"{distribution.resource.address} serves a cache behaviour over plain HTTP "
                "(viewer protocol policy allow-all)",
            )
