"""Resource without the required cost tags.

## What it does
Finds resources that cost money (instances, volumes, NAT gateways, load balancers, databases,
caches, buckets, tables, queues, topics, functions, clusters, repositories, log groups, ...)
without every tag of the option `required` (default `["Environment", "Owner"]`):

```toml
[rules.missing-cost-tags]
required = ["Environment", "Owner", "CostCenter"]
```

In Terraform the tags of every `provider "aws"` block's `default_tags` of the same
configuration count as given. CloudFormation stack-level tags (given when the stack is
deployed) cannot be seen in a template: a template that relies on them should not turn this
rule on. Tags whose value is not known before deployment are not judged. Off by default.

## Why is this bad?
Cost reports and budgets group spending by tag: an untagged resource's cost belongs to nobody,
and nobody notices when it should be turned off.

## How to fix
Add the tags to the resource, or to the provider's `default_tags`.

## Example
```hcl
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = {
    Environment = "production"
  }
}
```

## Use instead
```hcl
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Owner = "payments"
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = {
    Environment = "production"
  }
}
```
"""

from infralint.facts.project import DefaultTags, Tags

ID = "IL1202"
NAME = "missing-cost-tags"
CATEGORY = "cost"
SEVERITY = "info"
FACTS = (Tags,)
READS = (DefaultTags,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False
CONF = {"required": [str]}
DEFAULT = {"required": ["Environment", "Owner"]}


def check(ctx, tagged):
    tags = tagged.tags
    if not isinstance(tags.value, dict):
        return  # not known before deployment
    given = set(tags.value)
    for defaults in ctx.index(DefaultTags, by="resource.scope").get(tagged.resource.scope, ()):
        if not isinstance(defaults.tags.value, dict):
            return
        given |= set(defaults.tags.value)
    missing = [t for t in ctx.options["required"] if t not in given]
    if not missing:
        return
    unseen = tagged.unseen.value
    where = f" ({unseen} cannot be seen)" if unseen else ""
    yield ctx.finding(
        tagged.resource,
        tags,
        f"{tagged.resource.address} lacks the cost tag{'s' if len(missing) > 1 else ''} "
        f"{', '.join(missing)}{where}",
    )
