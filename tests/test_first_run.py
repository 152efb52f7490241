"""What a new user trips over in the first hour, each through the real command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import infralint, write

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


# -- item 3: selectors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, value, hint",
    [
        ("--select", "IL999", "'IL999'"),
        ("--select", "wildcard", "did you mean 'wildcard-iam'?"),
        ("--ignore", "nonsense", "'nonsense'"),
        ("--select", "IL101,IL9O1", "'IL9O1'"),
    ],
)
def test_unknown_selectors_are_usage_errors(tmp_path, option, value, hint):
    write(tmp_path, {"main.tf": BAD_DB})
    done = infralint("scan", option, value, tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert option in done.stderr and hint in done.stderr
    assert "Found 0 problems" not in done.stdout


def test_selectors_are_case_insensitive_and_comma_separated(tmp_path):
    no_backup = BAD_DB.replace("true", "true\n  backup_retention_period = 0")
    write(tmp_path, {"main.tf": no_backup, "t.yaml": CFN_DB.format(metadata="")})
    done = infralint("scan", "--format", "json", "--select", "il101,IL401", tmp_path)
    assert {f["rule_id"] for f in report(done)["findings"]} == {"IL101", "IL401"}
    done = infralint("scan", "--format", "json", "--select", "Public-Database", tmp_path)
    assert {f["rule_id"] for f in report(done)["findings"]} == {"IL101"}


def test_command_line_select_replaces_the_configuration_select(tmp_path):
    write(tmp_path, {".infralint.toml": 'select = ["IL201"]\n', "main.tf": BAD_DB})
    done = infralint("scan", "--format", "json", "--select", "IL101", tmp_path)
    assert [f["rule_id"] for f in report(done)["findings"]] == ["IL101"]
    assert done.returncode == 1


def test_explain_accepts_what_select_accepts():
    for name in ("il101", "public-database", "IL101", "Public-Database"):
        done = infralint("explain", name)
        assert done.returncode == 0 and done.stdout.startswith("IL101 public-database"), name
    done = infralint("explain", "IL999")
    assert done.returncode == 2 and "no rule 'IL999'" in done.stderr


# -- item 5: infralint does not flag its own reports ----------------------------------------


def test_reports_written_into_the_tree_are_not_flagged(tmp_path):
    """infralint's own reports are scanned like any file (skipping them would let a file shaped
    like one hide a secret) and carry nothing a rule reports: secrets masked, rule help without
    key-shaped examples."""
    write(tmp_path, {"main.tf": BAD_DB, "deploy.sh": "export AWS_SECRET=x\n"})
    for fmt, name in (("sarif", "x.sarif"), ("json", "report.json")):
        infralint("scan", tmp_path, "--format", fmt, "-o", tmp_path / name)
    infralint("scan", tmp_path, "--write-baseline", tmp_path / "baseline.json")
    done = infralint("scan", "--format", "json", tmp_path)
    found = report(done)["findings"]
    assert {f["path"] for f in found} == {"main.tf"}, found
    assert report(done)["summary"]["files_scanned"] == 5


@pytest.mark.parametrize("name", ["x.sarif", "creds.json"])
def test_a_file_shaped_like_a_report_cannot_hide_a_secret(tmp_path, name):
    token = "sk_live_" + "Zq8Xv2Lm7Tr4Wp9YbN3kQs6D"
    if name.endswith(".sarif"):
        forged = {"runs": [{"tool": {"driver": {"name": "infralint"}}, "stripe_key": token}]}
    else:
        forged = {"version": "1", "diagnostics": [], "summary": {}, "findings": [{"k": token}]}
    write(tmp_path, {name: json.dumps(forged, indent=1), "main.tf": BAD_DB})
    done = infralint("scan", "--format", "json", tmp_path / name)
    assert name in {f["path"] for f in report(done)["findings"]}, done.stdout
    assert done.returncode == 1


def test_rule_help_carries_nothing_a_secret_detector_finds(tmp_path):
    listed = json.loads(infralint("rules", "--format", "json").stdout)
    for rule in listed:
        doc = infralint("explain", rule["id"]).stdout
        (tmp_path / f"{rule['id']}.md").write_text(doc, encoding="utf-8")
    done = infralint("scan", "--format", "json", tmp_path)
    assert report(done)["findings"] == []


# -- item 6: no silent empty scan -----------------------------------------------------------


def test_empty_directory_is_a_warning(tmp_path):
    done = infralint("scan", tmp_path)
    assert "Scanned 0 files." in done.stdout
    assert "warning: no files were scanned" in done.stderr
    summary = report(infralint("scan", "--format", "json", tmp_path))["summary"]
    assert summary["files_scanned"] == 0


def test_files_git_ignores_are_counted_and_the_way_to_include_them_is_said(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, {".gitignore": "checkout/\n", "checkout/main.tf": BAD_DB})
    done = infralint("scan", tmp_path / "checkout")
    assert "Scanned 0 files (1 gitignored)." in done.stdout, done.stdout
    assert "1 file skipped because git ignores them (--no-gitignore scans them too)" in done.stderr
    assert "no files were scanned" in done.stderr
    sarif = json.loads(infralint("scan", "--format", "sarif", tmp_path / "checkout").stdout)
    properties = sarif["runs"][0]["properties"]
    assert properties == {"files_scanned": 0, "files_skipped": {"gitignored": 1}}
    done = infralint("scan", "--no-gitignore", tmp_path / "checkout")
    assert "checkout/main.tf:2:3: IL101" in done.stdout and "Scanned 1 file." in done.stdout


# -- item 7: pre-commit reports only the files it passed -------------------------------------


def test_findings_in_sibling_files_are_not_reported_for_a_passed_file(tmp_path):
    good = 'resource "aws_s3_bucket" "logs" {\n  bucket = var.name\n}\n'
    write(tmp_path, {"s3.tf": good, "db.tf": BAD_DB, "vars.tf": 'variable "name" {}\n'})
    done = infralint("scan", "s3.tf", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    done = infralint("scan", "s3.tf", "db.tf", cwd=tmp_path)
    assert done.returncode == 1 and "db.tf:2:3: IL101" in done.stdout


# -- item 8: paths -----------------------------------------------------------------------------


def test_text_paths_are_relative_to_the_working_directory(tmp_path):
    write(tmp_path, {"infra/prod/main.tf": BAD_DB})
    done = infralint("scan", "infra/prod", "--select", "IL101", cwd=tmp_path)
    assert done.stdout.startswith("infra/prod/main.tf:2:3: IL101"), done.stdout
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    done = infralint("scan", tmp_path / "infra", "--select", "IL101", cwd=elsewhere)
    assert done.stdout.startswith(f"{tmp_path}/infra/prod/main.tf:2:3: IL101"), done.stdout
    # JSON keeps its contract: paths relative to the scan root
    found = report(infralint("scan", "--format", "json", "infra/prod", cwd=tmp_path))
    assert found["findings"][0]["path"] == "main.tf"


def test_baseline_and_fingerprints_do_not_depend_on_where_the_scan_starts(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo, {"infra/main.tf": BAD_DB, "infra/db/other.tf": BAD_DB.replace("main", "b")})
    baseline = tmp_path / "baseline.json"
    infralint("scan", ".", "--write-baseline", baseline, cwd=repo)
    paths = {e["path"] for e in json.loads(baseline.read_text())["findings"]}
    assert paths == {"infra/main.tf", "infra/db/other.tf"}
    for cwd, target in ((repo / "infra", "."), (repo, "infra/db"), (tmp_path, repo / "infra")):
        done = infralint("scan", target, "--baseline", baseline, cwd=cwd)
        assert done.returncode == 0 and "Found 0 problems" in done.stdout, (cwd, done.stdout)

    def fingerprints(cwd, target):
        log = json.loads(infralint("scan", "--format", "sarif", target, cwd=cwd).stdout)
        run = log["runs"][0]
        return run["originalUriBaseIds"]["%SRCROOT%"]["uri"], {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r[
                "partialFingerprints"
            ]["infralint/v1"]
            for r in run["results"]
        }

    whole = fingerprints(repo, ".")
    assert fingerprints(repo / "infra", "db") == (whole[0], {"infra/db/other.tf": ANY_OF(whole)})
    # an absolute file argument from a directory above the repository, or beside it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd in (tmp_path, elsewhere):
        assert fingerprints(cwd, repo / "infra" / "main.tf") == (
            repo.as_uri() + "/",
            {"infra/main.tf": whole[1]["infra/main.tf"]},
        ), cwd


class ANY_OF:
    """Equal to the fingerprint the whole-repository scan gave the same file."""

    def __init__(self, whole):
        self.whole = whole[1]

    def __eq__(self, other):
        return other == self.whole["infra/db/other.tf"]


# -- item 9: exit codes --------------------------------------------------------------------


def test_output_into_a_missing_directory_is_a_one_line_usage_error(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB})
    done = infralint("scan", tmp_path, "-o", tmp_path / "missing" / "x.sarif")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "missing" in done.stderr


def test_exit_zero_and_fail_on_diagnostics(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB, "broken.tf": 'resource "x" {\n'})
    assert infralint("scan", tmp_path).returncode == 1
    assert infralint("scan", tmp_path, "--fail-on", "none").returncode == 1  # broken.tf
    assert (
        infralint("scan", tmp_path, "--fail-on", "none", "--no-fail-on-diagnostics").returncode == 0
    )
    done = infralint("scan", tmp_path, "--exit-zero")
    assert done.returncode == 0 and "main.tf:2:3: IL101" in done.stdout
    write(tmp_path, {".infralint.toml": "fail_on_diagnostics = false\n"})
    assert infralint("scan", tmp_path, "--fail-on", "none").returncode == 0
    assert infralint("scan", tmp_path, "--fail-on", "none", "--fail-on-diagnostics").returncode == 1


# -- item 11: docs that exist ----------------------------------------------------------------


def test_rule_pages_are_current_and_sarif_points_at_them():
    from infralint.report.rule_docs import builtin_rules, pages

    expected = pages(builtin_rules())
    folder = ROOT / "docs" / "rules"
    written = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    assert written == expected, "run: python -m infralint.report.rule_docs docs/rules"
    log = json.loads(infralint("scan", "--format", "sarif", ROOT / "fixtures" / "demo").stdout)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        page = rule["helpUri"].split("/blob/main/", 1)[1]
        assert (ROOT / page).is_file(), rule["helpUri"]


def test_readme_promises_no_release_that_does_not_exist():
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    for doc in [ROOT / "README.md", *sorted((ROOT / "examples").rglob("*.y*ml"))]:
        text = doc.read_text(encoding="utf-8")
        for ref in set(re.findall(r"(?:rev: |infralint@)(v\d[\w.]*)", text)):
            assert ref in tags or f"once {ref} is released" in text, (doc.name, ref)


# -- item 12: the smaller things -------------------------------------------------------------


def test_carets_under_tabs_and_masked_secrets_match_the_printed_text(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB.replace("  publicly", "\tpublicly")})
    out = infralint("scan", "--select", "IL101", tmp_path, cwd=tmp_path).stdout.splitlines()
    code, carets = out[1], out[2]
    assert code.index("publicly") == carets.index("^")
    assert carets.count("^") == len("publicly_accessible = true")
    write(
        tmp_path,
        {"main.tf": 'resource "aws_db_instance" "main" {\n  password = "Zq8Xv2Lm7Tr4Wp9Y"\n}\n'},
    )
    out = infralint("scan", "--select", "IL301", tmp_path, cwd=tmp_path).stdout.splitlines()
    code, carets = out[1], out[2]
    assert "Zq8Xv2Lm7Tr4Wp9Y" not in code
    assert code.index("password") == carets.index("^")
    assert carets.index("^") + carets.count("^") == len(code)


def test_messages_name_the_file_once_and_start_in_lower_case(tmp_path):
    write(
        tmp_path,
        {
            "deploy.sh": "export DATABASE_URL=postgresql://app:Zq8Xv2Lm7Tr4@db:5432/app\n",
            "app.env": "STRIPE_SECRET=Zq8Xv2Lm7Tr4Wp9YbN3k\n",
        },
    )
    out = infralint("scan", tmp_path, cwd=tmp_path).stdout
    heads = [line for line in out.splitlines() if ": IL3" in line]
    assert heads and all(line.count("deploy.sh") + line.count("app.env") == 1 for line in heads)
    for line in heads:
        message = line.split("] ", 1)[1]
        assert message[0].islower(), line


def test_write_baseline_still_writes_the_report(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB})
    done = infralint(
        "scan",
        tmp_path,
        "--select",
        "IL101",
        "--write-baseline",
        tmp_path / "b.json",
        "--format",
        "json",
        "-o",
        tmp_path / "r.json",
    )
    assert done.returncode == 0
    assert json.loads((tmp_path / "r.json").read_text())["findings"][0]["rule_id"] == "IL101"
    assert json.loads((tmp_path / "b.json").read_text())["findings"][0]["rule_id"] == "IL101"


def test_excludes_written_as_paths(tmp_path):
    write(tmp_path, {"terraform/main.tf": BAD_DB, "other/main.tf": BAD_DB})
    for value in ("./terraform", str(tmp_path / "terraform"), "terraform/"):
        done = infralint("scan", "--format", "json", ".", "--exclude", value, cwd=tmp_path)
        assert {f["path"] for f in report(done)["findings"]} == {"other/main.tf"}, value


def test_config_names_the_spelling_it_accepts(tmp_path):
    write(tmp_path, {".infralint.toml": 'fail-on = "high"\n', "main.tf": BAD_DB})
    done = infralint("scan", tmp_path)
    assert done.returncode == 2 and "unknown key 'fail-on' (did you mean 'fail_on'?)" in done.stderr


def test_force_color_is_honoured(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB})
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    assert "\x1b[" not in infralint("scan", tmp_path, env=env).stdout
    assert "\x1b[" in infralint("scan", tmp_path, env={**env, "FORCE_COLOR": "1"}).stdout
    forced_off = {**env, "FORCE_COLOR": "1", "NO_COLOR": "1"}
    assert "\x1b[" not in infralint("scan", tmp_path, env=forced_off).stdout


def test_unused_and_malformed_command_line_values_are_warned_about(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB + 'variable "cidrs" {\n  default = []\n}\n'})
    params = write(tmp_path, {"p.json": '{"Nope": "Zq8Xv2Lm7Tr4"}'}) / "p.json"
    done = infralint(
        "scan",
        tmp_path / "main.tf",
        "--var",
        "cidrs=[",
        "--var",
        "regoin=eu-west-1",
        "--cfn-params",
        params,
    )
    assert "--var cidrs: the value starts like a list or map but is not valid JSON" in done.stdout
    assert "--var regoin: no scanned Terraform module declares it" in done.stdout
    assert "--var cidrs: no scanned" not in done.stdout
    assert "--cfn-params Nope: no scanned CloudFormation template declares it" in done.stdout
    assert "eu-west-1" not in done.stdout and "Zq8Xv2Lm7Tr4" not in done.stdout
    assert "main.tf:2:3: IL101" in done.stdout
