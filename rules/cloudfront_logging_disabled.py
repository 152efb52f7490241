"""CloudFront distribution without access logs.

## What it does
Finds distributions with neither standard logging (`logging_config`, CloudFormation
`Logging`) nor a CloudWatch Logs delivery source naming them (standard logging v2:
`aws_cloudwatch_log_delivery_source`, `AWS::Logs::DeliverySource`). A delivery source whose
resource is not known before deployment counts as one.

## Why is this bad?
Without access logs there is no record of who requested what: an attack, a data leak through
a misconfigured behaviour or a bot scraping the site cannot be investigated afterwards.

## How to fix
Configure standard logging to a bucket, or deliver the access logs through CloudWatch Logs.

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
  logging_config {
    bucket = "example-logs.s3.amazonaws.com"
    prefix = "cloudfront/"
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

from infralint.facts.edge import Distribution, LogDelivery
from infralint.facts.links import key_of, naming

ID = "IL903"
NAME = "cloudfront-logging-disabled"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (Distribution,)
READS = (LogDelivery,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, distribution):
    res = distribution.resource
    if not distribution.logging.defaulted:
        return
    if naming(ctx, LogDelivery, (key_of(res),), res.scope) != []:
        return
    yield ctx.finding(
        res,
        (),  # on the resource's first line: nothing about logging is written
        f"{res.address} writes no access logs ({distribution.logging.reason})",
    )
