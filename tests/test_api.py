"""The public API: ``infralint.api.lint`` reports what ``infralint scan`` reports (selection,
suppressions, baseline, redaction), and a plugin written for another API version is refused
with a diagnostic that says so."""

from __future__ import annotations

import json

import infralint.api as api
from tests.conftest import infralint

SECRET = "Xk39fQ2vLp8sWz71"  # a literal password, random enough to be reported
TERRAFORM = f"""\
resource "aws_db_instance" "open" {{
  publicly_accessible = true
  password            = "{SECRET}"
}}

# infralint:ignore IL101 reason="a reporting replica behind a VPN"
resource "aws_db_instance" "vpn" {{
  publicly_accessible = true
}}
"""


# the categories these tests are about (the pack's database rules would add their findings)
CATEGORIES = ["public-database", "committed-secret", "missing-backup"]


def shown(findings):
    return sorted((f.rule_id, f.resource, f.span.line, f.suppressed) for f in findings)


def test_lint_applies_suppressions_and_redaction(tmp_path):
    (tmp_path / "main.tf").write_text(TERRAFORM)
    result = api.lint([tmp_path], select=CATEGORIES)
    assert shown(result.findings) == [
        ("IL101", "aws_db_instance.open", 2, False),
        ("IL101", "aws_db_instance.vpn", 8, True),
        ("IL301", "aws_db_instance.open", 3, False),
    ]
    # every finding of the file carries the file's secrets, so no excerpt can print them
    assert all(SECRET in f.redact for f in result.findings)
    cli = infralint("scan", "--format", "json", "--select", ",".join(CATEGORIES), tmp_path)
    cli = json.loads(cli.stdout)["findings"]
    assert sorted((f["rule_id"], f["resource"], f["start_line"], f["suppressed"]) for f in cli) == (
        shown(result.findings)
    )


def test_lint_with_a_configuration_and_a_baseline(tmp_path):
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (tmp_path / "cfg.toml").write_text('ignore = ["committed-secret"]\n')
    result = api.lint([tmp_path], str(tmp_path / "cfg.toml"), select=CATEGORIES)
    assert {f.rule_id for f in result.findings} == {"IL101"}
    infralint("scan", "--write-baseline", tmp_path / "base.json", tmp_path)
    (tmp_path / "main.tf").write_text(
        TERRAFORM + 'resource "aws_db_instance" "new" {\n  backup_retention_period = 0\n}\n'
    )
    result = api.lint([tmp_path], baseline=str(tmp_path / "base.json"), select=CATEGORIES)
    assert shown(result.findings) == [  # a suppressed finding is never in a baseline
        ("IL101", "aws_db_instance.vpn", 8, True),
        ("IL401", "aws_db_instance.new", 11, False),
    ]


def test_a_plugin_for_another_api_version_is_refused(tmp_path):
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (tmp_path / "later.py").write_text(
        'ID = "XX950"\nNAME = "later"\nCATEGORY = "x"\nSEVERITY = "low"\n'
        "FACTS = ()\nINFRALINT_API = (2, 3)\n\ndef check(ctx, fact):\n    return []\n"
    )
    (tmp_path / ".infralint.toml").write_text('rules_paths = ["later.py"]\n')
    done = infralint("scan", "--format", "json", "--allow-local-rules", ".", cwd=tmp_path)
    (problem,) = json.loads(done.stdout)["diagnostics"]
    assert problem["message"].startswith("rule plugin ")
    assert problem["message"].endswith(
        "later.py failed to load: rule XX950 is written for infralint API 2, 3; "
        f"this infralint provides API {api.API_VERSION}"
    )


def test_the_api_is_typed_and_names_what_it_exports():
    from importlib import resources

    assert resources.files("infralint").joinpath("py.typed").is_file()
    assert all(hasattr(api, name) for name in api.__all__)


def test_the_library_leaves_the_process_alone(tmp_path):
    """No process-wide state: a library scan does not turn the garbage collector off (the CLI
    may, for its own process)."""
    import gc
    import types

    from infralint.engine import rule_from

    seen = []

    def check(ctx, text_file):
        seen.append(gc.isenabled())
        return []

    probe = types.SimpleNamespace(
        ID="XX960", NAME="probe", CATEGORY="x", SEVERITY="low", FACTS=("TextFile",), check=check
    )
    (tmp_path / "main.tf").write_text(TERRAFORM)
    api.lint([tmp_path], rules=[rule_from(probe)])
    assert seen == [True]


def test_the_rule_in_architecture_md_works_as_written(tmp_path):
    """A plugin author can write a rule from ARCHITECTURE.md and infralint.api alone."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / "ARCHITECTURE.md").read_text()
    code = re.search(r"## Add a rule\n\n```python\n(.*?)```", text, re.S).group(1)
    (tmp_path / "owner.py").write_text(code)
    (tmp_path / "s3.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  tags = { owner = "ops" }\n}\n'
        'resource "aws_s3_bucket" "data" {\n  tags = { team = "data" }\n}\n'
    )
    config = 'rules_paths = ["owner.py"]\nselect = ["EX900"]\n'

    def owners(extra=""):
        (tmp_path / ".infralint.toml").write_text(config + extra)
        done = infralint("scan", "--format", "json", "--allow-local-rules", ".", cwd=tmp_path)
        return [(f["resource"], f["start_line"]) for f in json.loads(done.stdout)["findings"]]

    assert owners() == [("aws_s3_bucket.data", 4)]
    assert owners('[rules.bucket-without-owner]\ntag = "team"\n') == [("aws_s3_bucket.logs", 1)]
