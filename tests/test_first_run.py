"""What a new user trips over in the first hour, each through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD_DB = 'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n'
CFN_DB = (
    'AWSTemplateFormatVersion: "2010-09-09"\n'
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "{metadata}"
    "    Properties:\n"
    "      Engine: postgres\n"
    "      PubliclyAccessible: true\n"
)


def infralint(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infralint", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def report(done: subprocess.CompletedProcess) -> dict:
    return json.loads(done.stdout)


# -- item 2: every suppression form of the README works from the command line ---------------

SUPPRESSED = {
    "comment above the attribute": {
        "main.tf": 'resource "aws_db_instance" "main" {\n'
        '  # infralint:ignore IL101 reason="replica behind a VPN" until=2999-06-30\n'
        "  publicly_accessible = true\n}\n"
    },
    "comment after the code": {
        "main.tf": 'resource "aws_db_instance" "main" {\n'
        "  publicly_accessible = true  # infralint:ignore public-database reason='ADR-12'\n}\n"
    },
    "comment above the block": {
        "main.tf": '# infralint:ignore IL101 reason="replica"\n' + BAD_DB,
    },
    "yaml comment": {
        "t.yaml": CFN_DB.format(metadata="").replace(
            "PubliclyAccessible: true",
            'PubliclyAccessible: true  # infralint:ignore IL101 reason="replica"',
        )
    },
    "cloudformation metadata entries": {
        "t.yaml": CFN_DB.format(
            metadata="    Metadata:\n      infralint:\n        ignore:\n"
            "          - id: IL101\n            reason: reporting replica\n"
            "            until: 2999-12-31\n"
        )
    },
    "cloudformation metadata id list": {
        "t.yaml": CFN_DB.format(
            metadata="    Metadata:\n      infralint:\n        ignore:\n"
            "          - id: [IL101, IL401]\n            reason: reporting replica\n"
        )
    },
    "cloudformation metadata json": {
        "t.json": json.dumps(
            {
                "Resources": {
                    "Db": {
                        "Type": "AWS::RDS::DBInstance",
                        "Metadata": {"infralint": {"ignore": [{"id": "IL101", "reason": "r"}]}},
                        "Properties": {"Engine": "postgres", "PubliclyAccessible": True},
                    }
                }
            },
            indent=2,
        )
    },
}


@pytest.mark.parametrize("form", sorted(SUPPRESSED))
def test_every_suppression_form_works_through_the_cli(tmp_path, form):
    write(tmp_path, SUPPRESSED[form])
    write(tmp_path, {"other/bad.tf": BAD_DB})  # not suppressed: still reported
    done = infralint("scan", "--format", "json", "--select", "IL101", tmp_path)
    found = report(done)["findings"]
    assert [(f["path"], f["suppressed"]) for f in found if f["rule_id"] == "IL101"] == sorted(
        [(next(iter(SUPPRESSED[form])), True), ("other/bad.tf", False)]
    ), done.stdout
    assert report(done)["diagnostics"] == []
    assert done.returncode == 1


# -- item 12: python -m infralint from any directory ------------------------------------------


def test_python_dash_m_ignores_the_current_directory(tmp_path):
    """A folder named infralint (a clone's parent) or a yaml.py in the scanned checkout must
    neither hide the package nor run."""
    write(tmp_path, {"infralint/README.md": "x\n", "yaml.py": "raise SystemExit('ran yaml.py')\n"})
    write(tmp_path, {"t.yaml": CFN_DB.format(metadata="")})
    done = infralint("scan", ".", cwd=tmp_path)
    assert "ran yaml.py" not in done.stderr, done.stderr
    assert "t.yaml:7:7: IL101" in done.stdout, done.stdout + done.stderr
