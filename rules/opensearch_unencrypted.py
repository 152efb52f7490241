"""OpenSearch domain not encrypted.

## What it does
Finds OpenSearch Service and Elasticsearch domains without encryption at rest
(`encrypt_at_rest.enabled` / `EncryptionAtRestOptions.Enabled`) or without node-to-node
encryption (`node_to_node_encryption.enabled` / `NodeToNodeEncryptionOptions.Enabled`). Both
are off when not written.

## Why is this bad?
The indices, logs, swap and automated snapshots of an unencrypted domain are stored in the
clear, and without node-to-node encryption the documents travel unencrypted between the nodes
of the cluster. Fine-grained access control requires both.

## How to fix
Add `encrypt_at_rest { enabled = true }` and `node_to_node_encryption { enabled = true }`.

## Example
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "catalog"
  engine_version = "OpenSearch_2.13"
}
```

## Use instead
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "catalog"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }
}
```
"""

from infralint_rules._problems import findings

from infralint.facts.databases import SearchDomain

ID = "IL705"
NAME = "opensearch-unencrypted"
CATEGORY = "encryption"
SEVERITY = "medium"
FACTS = (SearchDomain,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, domain):
    problems = [
        (value, text)
        for value, text in (
            (domain.at_rest_encryption, "is not encrypted at rest"),
            (domain.node_to_node_encryption, "has no node-to-node encryption"),
        )
        if value.may_be_false()
    ]
    yield from findings(ctx, domain.resource, problems, f"domain {domain.resource.address}")
