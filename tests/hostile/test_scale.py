"""Large (but legitimate) files scan in time roughly linear in their size: a per-resource
step that walks the whole file makes a 1 MB template take minutes."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import run

N = 3000
INGRESS = {"CidrIp": "0.0.0.0/0", "FromPort": 22, "ToPort": 22, "IpProtocol": "tcp"}


def _template() -> str:
    resources = {
        f"Group{i}": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "g", "SecurityGroupIngress": [INGRESS]},
        }
        for i in range(N)
    }
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, indent=1)


def _compose() -> str:
    return "services:\n" + "".join(
        f"  s{i}:\n    image: postgres:16\n    ports: ['5432:5432']\n" for i in range(N)
    )


def _terraform() -> str:
    return "".join(
        f'resource "aws_security_group" "g{i}" {{\n  ingress {{\n'
        '    cidr_blocks = ["0.0.0.0/0"]\n    from_port   = 22\n    to_port     = 22\n'
        '    protocol    = "tcp"\n  }\n}\n'
        for i in range(N)
    )


@pytest.mark.parametrize(
    "name, text",
    [("template.json", _template()), ("docker-compose.yml", _compose()), ("main.tf", _terraform())],
)
def test_many_resources_in_one_file(tmp_path, rules, name, text):
    (tmp_path / name).write_text(text)
    started = time.monotonic()
    result = run([tmp_path], rules)
    elapsed = time.monotonic() - started
    print(f"{name}: {len(text):,} bytes, {N} resources in {elapsed:.1f}s")
    assert len(result.findings) >= 1000
    assert elapsed < 30
