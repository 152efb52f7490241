"""OpenSearch domain accepts plain HTTP or TLS 1.0.

## What it does
Finds OpenSearch Service and Elasticsearch domains whose endpoint does not require HTTPS
(`domain_endpoint_options.enforce_https = false` / `DomainEndpointOptions.EnforceHTTPS: false`)
or accepts TLS 1.0 and 1.1 (`tls_security_policy` / `TLSSecurityPolicy` =
`Policy-Min-TLS-1-0-2019-07`). Only written values are judged: the Terraform provider requires
HTTPS when `enforce_https` is not written, and the policy AWS picks when none is written has
changed over time.

## Why is this bad?
Queries, documents and the credentials sent with them (basic authentication of fine-grained
access control) cross the network in the clear or over protocol versions with known attacks.

## How to fix
Set `enforce_https = true` and `tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"` (or
`Policy-Min-TLS-1-2-2019-07`).

## Example
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "catalog"

  domain_endpoint_options {
    enforce_https       = false
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
  }
}
```

## Use instead
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "catalog"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
```
"""

from infralint.facts.databases import SearchDomain

ID = "IL807"
NAME = "opensearch-https-not-enforced"
CATEGORY = "tls"
SEVERITY = "medium"
FACTS = (SearchDomain,)
FORMATS = ("terraform", "cloudformation")

_OLD_TLS = "Policy-Min-TLS-1-0-2019-07"


def check(ctx, domain):
    address = domain.resource.address
    if domain.enforce_https.explicit and domain.enforce_https.may_be_false():
        yield ctx.finding(
            domain.resource,
            domain.enforce_https,
            f"domain {address} accepts plain HTTP: enforce_https is false",
        )
    if domain.tls_policy.explicit and _OLD_TLS in domain.tls_policy.possible():
        yield ctx.finding(
            domain.resource,
            domain.tls_policy,
            f"domain {address} accepts TLS 1.0 and 1.1 ({_OLD_TLS})",
        )
