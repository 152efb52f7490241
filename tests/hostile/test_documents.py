"""Issue 19, limits that were not limits: a YAML stream of several documents is read whole.
Each CloudFormation document is a template of its own; compose documents are merged in order,
as Compose merges them. Spans stay those of the file, and the stream shares one node budget."""

from __future__ import annotations

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json

TEMPLATES = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      PubliclyAccessible: true
---
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      PubliclyAccessible: true
---
Description: not a template
"""

COMPOSE = """\
services:
  web:
    image: nginx:1.27
---
services:
  db:
    image: postgres:16
    ports: ["5432:5432"]
  web:
    ports: ["0.0.0.0:5433:5432"]
"""


def _at(report: dict, path: str, rule: str) -> list[tuple[int, str]]:
    return sorted(
        (f["start_line"], f["resource"])
        for f in report["findings"]
        if f["path"] == path and f["rule_id"] == rule
    )


def test_each_cloudformation_document_is_a_template(tmp_path):
    write(tmp_path, {"stack.yaml": TEMPLATES, "valid/db.tf": PUBLIC_DB})
    code, report = scan_json(tmp_path)
    assert code == 1
    # the same logical ID in two documents: two resources, each on its own line
    assert _at(report, "stack.yaml", "IL101") == [(7, "Db"), (14, "Db")]
    not_template = [d for d in report["diagnostics"] if d["path"] == "stack.yaml"]
    assert [(d["line"], d["message"]) for d in not_template] == [
        (16, "CloudFormation template without a Resources mapping")
    ]
    assert found(report, "valid/db.tf")


def test_compose_documents_are_merged_in_order(tmp_path):
    write(tmp_path, {"compose.yaml": COMPOSE, "valid/db.tf": PUBLIC_DB})
    code, report = scan_json(tmp_path)
    assert code == 1
    assert _at(report, "compose.yaml", "IL101") == [(8, "services.db")]
    assert not [d for d in report["diagnostics"] if d["path"] == "compose.yaml"]
    assert found(report, "valid/db.tf")


def test_a_stream_shares_one_node_budget(tmp_path):
    documents = "---\n".join(f"k{i}: [{', '.join(['1'] * 50)}]\n" for i in range(40))
    stream = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n---\n' + documents
    config = "[limits]\nyaml_nodes = 1000\n"
    files = {"stack.yaml": stream, ".infralint.toml": config, "valid/db.tf": PUBLIC_DB}
    write(tmp_path, files)
    _, report = scan_json(tmp_path)
    messages = [d["message"] for d in report["diagnostics"] if d["path"] == "stack.yaml"]
    assert any("more than 1,000 nodes ([limits] yaml_nodes" in m for m in messages), messages
    assert found(report, "valid/db.tf")
