"""CloudFront distribution accepting TLS older than 1.2 from viewers.

## What it does
Finds distributions with a custom certificate (ACM or IAM) whose viewer security policy
(`minimum_protocol_version`, CloudFormation `MinimumProtocolVersion`) is older than
`TLSv1.2_2019`, or not set: CloudFront then accepts TLSv1. Distributions on the default
`*.cloudfront.net` certificate are not flagged: CloudFront pins TLSv1 there whatever is written.

## Why is this bad?
TLS 1.0 and 1.1 are deprecated (RFC 8996) and lack the modern cipher suites; accepting them lets
a downgrade expose viewers' traffic. `TLSv1.2_2018` allows TLS 1.2 only but with weak ciphers.

## How to fix
Set `TLSv1.2_2021` (or at least `TLSv1.2_2019`).

## Example
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]
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
    acm_certificate_arn = var.certificate_arn
    ssl_support_method  = "sni-only"
  }
}
```

## Use instead
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]
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
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
```
"""

from infralint.facts.edge import Distribution

ID = "IL804"
NAME = "cloudfront-weak-tls"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (Distribution,)
FORMATS = ("terraform", "cloudformation")

WEAK = ("SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018")


def check(ctx, distribution):
    if True not in distribution.custom_certificate.possible():
        return
    version = distribution.minimum_protocol
    weak = [v for v in version.possible() if v in WEAK]
    if not weak:
        return
    why = f" ({version.reason})" if version.defaulted else ""
    yield ctx.finding(
        distribution.resource,
        version,
        f"{distribution.resource.address} accepts viewers on security policy {weak[0]}, "
        f"older than TLSv1.2_2019{why}",
    )
