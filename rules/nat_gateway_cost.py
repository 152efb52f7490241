"""NAT gateways and what they cost.

## What it does
Reports, once per Terraform root module or CloudFormation template, how many NAT gateways it
declares (`aws_nat_gateway`, `AWS::EC2::NatGateway`, counting every instance of a `count` or
`for_each`), on the first of them. Off by default: a cost reminder, not a defect.

## Why is this bad?
Each NAT gateway costs about 32 USD a month before any data (us-east-1 prices), plus about
0.045 USD per GB it processes; one per availability zone in every environment adds up, and
traffic to S3 or DynamoDB through it is billed although gateway endpoints carry it for free.

## How to fix
Share NAT gateways where availability allows (one for a development environment), add S3 and
DynamoDB gateway endpoints, and consider interface endpoints for ECR and CloudWatch.

## Example
```hcl
resource "aws_nat_gateway" "main" {
  allocation_id = "eipalloc-0a1b2c3d4e5f6a7b8"
  subnet_id     = "subnet-0a1b2c3d"
}
```

## Use instead
```hcl
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = "vpc-0a1b2c3d"
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
}
```
"""

from infralint.facts.project import Project

ID = "IL1201"
NAME = "nat-gateway-cost"
CATEGORY = "cost"
SEVERITY = "info"
FACTS = (Project,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, project):
    count = project.count("nat-gateway")
    first = project.first("nat-gateway")
    if first is None:
        return
    many = f"{count} NAT gateways" if count > 1 else "a NAT gateway"
    yield ctx.finding(
        first,
        (),
        f"{project.name} declares {many}: about {32 * count} USD a month before data "
        "processing (about 32 USD each)",
    )
