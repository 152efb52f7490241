"""cfn-unknown-property reads cfn-lint's bundled provider schemas as plain JSON: the property
names and the suggestion are right, nested objects are checked, and cfn-lint itself is never
imported (it costs most of a second)."""

from __future__ import annotations

import json
import subprocess
import sys

from infralint.facts import cfn_schema
from tests.conftest import write

TEMPLATE = """\
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimout: 60
      RedrivePolicy:
        deadLetterTargetArn: arn:aws:sqs:eu-west-1:111122223333:dead
        maxReceiveCount: 5
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Staus: Enabled
"""

_SCAN = """
import json, sys
from click.testing import CliRunner
from infralint.cli import main
done = CliRunner().invoke(main, ["scan", sys.argv[1], "--select", "IL1101", "--format", "json"])
imported = sorted(m for m in sys.modules if m.startswith("cfnlint"))
print(json.dumps({"output": done.output, "cfnlint": imported}))
"""


def test_unknown_properties_are_named_with_a_suggestion_without_importing_cfn_lint(tmp_path):
    write(tmp_path, {"template.yaml": TEMPLATE})
    done = subprocess.run(
        [sys.executable, "-c", _SCAN, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    result = json.loads(done.stdout)
    assert result["cfnlint"] == []
    findings = json.loads(result["output"])["findings"]
    assert [(f["start_line"], f["resource"]) for f in findings] == [(5, "Queue"), (13, "Data")]
    assert "'VisibilityTimout' (did you mean 'VisibilityTimeout'?)" in findings[0]["message"]
    assert "'Staus' in VersioningConfiguration (did you mean 'Status'?)" in findings[1]["message"]


def test_the_older_schema_layout_is_read_too(tmp_path):
    """cfn-lint versions before the hashed ``resources/`` files kept one file per type."""
    schema = {"additionalProperties": False, "properties": {"QueueName": {"type": "string"}}}
    write(tmp_path, {"providers/us_east_1/aws-sqs-queue.json": json.dumps(schema)})
    assert cfn_schema.load_index(tmp_path) is None
    loaded = cfn_schema.load_schema(tmp_path, None, "AWS::SQS::Queue")
    assert loaded == schema
    assert list(cfn_schema.unknown_properties({"QueueNam": "jobs"}, loaded)) == [
        ((), "QueueNam", ["QueueName"])
    ]
    assert cfn_schema.load_schema(tmp_path, None, "Custom::Seed") is None
