"""EC2 instance asks for a public IP address.

## What it does
Finds EC2 instances, launch templates and launch configurations that ask for a public IPv4
address: `associate_public_ip_address = true` on `aws_instance` or
`aws_launch_configuration`, or in a launch template's `network_interfaces`;
`AssociatePublicIpAddress: true` on an `AWS::AutoScaling::LaunchConfiguration` or in the
`NetworkInterfaces` of an `AWS::EC2::Instance` or `AWS::EC2::LaunchTemplate`. When the
attribute is not written the subnet's `map_public_ip_on_launch` decides, and nothing is
reported. Instances that forward traffic (`source_dest_check = false` /
`SourceDestCheck: false`: NAT instances, routers) need their public address and are not
reported.

## Why is this bad?
An instance with a public address is one security group rule away from the internet; servers
are better kept in private subnets behind a load balancer, reached by Session Manager rather
than SSH.

## How to fix
Leave `associate_public_ip_address` unset or `false`, launch the instance in a private subnet
and give it outbound access through a NAT gateway or VPC endpoints.

## Example
```hcl
resource "aws_instance" "app" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
```

## Use instead
```hcl
resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0a1b2c3d"
}
```
"""

from infralint.facts.compute import Instance
from infralint.model import as_bool

ID = "IL606"
NAME = "instance-public-ip"
CATEGORY = "public-exposure"
SEVERITY = "low"
FACTS = (Instance,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, instance):
    flag = instance.public_ip
    if instance.source_dest_check.any(lambda v: as_bool(v) is False):
        return  # it forwards traffic: a NAT instance or router needs its public address
    if flag.explicit and flag.may_be_true():
        yield ctx.finding(
            instance.resource,
            flag,
            f"{instance.resource.address} asks for a public IP address",
        )
