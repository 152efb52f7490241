"""Configuration without a CloudTrail trail.

## What it does
Reports, once per Terraform root module or CloudFormation template that declares AWS
resources, the absence of a CloudTrail trail (`aws_cloudtrail`, `AWS::CloudTrail::Trail`) in
it. The finding is on the first line of the configuration's first file. Off by default: many
organisations record every account with one organisation trail managed elsewhere.

## Why is this bad?
Without a trail, API activity is kept only 90 days in the event history and only for
management events: who changed what, and who read which data, cannot be established after an
incident.

## How to fix
Create a multi-region trail delivering to a protected S3 bucket (or rely on an organisation
trail, and turn this rule off).

## Example
```hcl
resource "aws_s3_bucket" "assets" {
  bucket = "example-assets"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "assets" {
  bucket = "example-assets"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
```
"""

from infralint.facts.project import Project
from infralint.model import Span

ID = "IL908"
NAME = "no-cloudtrail"
CATEGORY = "logging"
SEVERITY = "info"
FACTS = (Project,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, project):
    if project.count("trail"):
        return
    yield ctx.file_finding(
        project.file,
        Span(1, 1),
        f"{project.name} declares AWS resources but no CloudTrail trail",
        resource=project.name,
    )
