"""SNS topic or SQS queue not encrypted at rest.

## What it does
Finds SNS topics without a KMS key (`kms_master_key_id` / `KmsMasterKeyId`): SNS stores their
messages unencrypted at rest. Finds SQS queues whose SQS-managed encryption is turned off
(`sqs_managed_sse_enabled = false` / `SqsManagedSseEnabled: false`) without a KMS key. A queue
left to its defaults is not reported: SQS encrypts new queues with SSE-SQS since 2022.

## Why is this bad?
Messages often carry personal data, tokens or order details; stored unencrypted, they are
readable by whoever gets at the service's storage, and compliance frameworks (PCI DSS, HIPAA)
require encryption at rest.

## How to fix
Give the topic a KMS key (`alias/aws/sns` or a customer managed key that allows the
publishers). Leave SSE-SQS on, or give the queue a KMS key.

## Example
```hcl
resource "aws_sns_topic" "orders" {
  name = "orders"
}
```

## Use instead
```hcl
resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = "alias/aws/sns"
}
```
"""

from infralint_rules._problems import unset

from infralint.facts.messaging import Queue, Topic

ID = "IL707"
NAME = "queue-or-topic-unencrypted"
CATEGORY = "encryption"
SEVERITY = "low"
FACTS = (Topic, Queue)
FORMATS = ("terraform", "cloudformation")


def check(ctx, fact):
    address = fact.resource.address
    if not unset(fact.kms_key):
        return
    if isinstance(fact, Topic):
        yield ctx.finding(
            fact.resource,
            fact.kms_key,
            f"SNS topic {address} is not encrypted at rest: it has no KMS key{fact.kms_key.why}",
        )
    elif fact.sqs_managed_sse.explicit and fact.sqs_managed_sse.may_be_false():
        yield ctx.finding(
            fact.resource,
            fact.sqs_managed_sse,
            f"SQS queue {address} is not encrypted at rest: SSE-SQS is turned off and it has "
            "no KMS key",
        )
