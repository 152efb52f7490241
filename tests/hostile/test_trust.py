"""The scanned tree is untrusted: its configuration, names and baselines must not run code,
silence the gate unseen or write into the CI log. Each attack runs through the real command
line, and a known-bad finding elsewhere in the same scan must still be reported."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import infralint, write

ROOT = Path(__file__).resolve().parents[2]
BAD_DB = 'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n'
KNOWN_BAD = "main.tf:2:3: IL101"
RULE_THAT_RUNS = (
    "import pathlib\n"
    "pathlib.Path(__file__).with_name('RAN').write_text('x')\n"
    'ID, NAME, CATEGORY, SEVERITY = "LOC100", "local", "local", "low"\n'
    "def check(ctx):\n    return []\n"
)


@pytest.fixture
def hostile_repo(tmp_path):
    """A checkout whose configuration names a rule module that writes RAN when imported."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(
        repo,
        {
            ".infralint.toml": 'rules_paths = ["lint"]\n',
            "lint/evil.py": RULE_THAT_RUNS,
            "main.tf": BAD_DB,
            "sub/other.tf": BAD_DB.replace("main", "other"),
        },
    )
    return repo


# -- configuration: no code runs unless the user opts in ----------------------------------------


@pytest.mark.parametrize(
    "args, where",
    [
        (("scan", "."), "repo"),
        (("scan", "sub"), "repo"),
        (("scan", "main.tf"), "repo"),
        (("rules",), "repo"),
        (("explain", "IL101"), "repo"),
    ],
)
def test_configuration_in_the_tree_does_not_load_local_rules(hostile_repo, args, where):
    done = infralint(*args, cwd=hostile_repo)
    assert not (hostile_repo / "lint" / "RAN").exists(), done.stderr
    assert done.returncode in (0, 1), done.stderr
    if args[0] == "scan":
        assert "rules_paths of .infralint.toml not loaded" in done.stdout
        assert "--allow-local-rules" in done.stdout
        if args[1] != "sub":
            assert KNOWN_BAD in done.stdout
        else:
            assert "sub/other.tf:2:3: IL101" in done.stdout
    else:
        assert "--allow-local-rules" in done.stderr


def test_local_rules_load_when_the_user_opts_in(hostile_repo, tmp_path):
    done = infralint("scan", ".", "--allow-local-rules", cwd=hostile_repo)
    assert (hostile_repo / "lint" / "RAN").exists() and KNOWN_BAD in done.stdout
    (hostile_repo / "lint" / "RAN").unlink()
    own = write(tmp_path, {"ci/own.toml": f'rules_paths = ["{hostile_repo / "lint"}"]\n'})
    done = infralint("scan", ".", "--config", own / "ci" / "own.toml", cwd=hostile_repo)
    assert (hostile_repo / "lint" / "RAN").exists() and KNOWN_BAD in done.stdout


def test_the_users_config_directory_is_trusted(hostile_repo, tmp_path):
    home = tmp_path / "xdg"
    write(home, {"infralint/config.toml": f'rules_paths = ["{hostile_repo / "lint"}"]\n'})
    (hostile_repo / ".infralint.toml").unlink()
    env = {**__import__("os").environ, "XDG_CONFIG_HOME": str(home)}
    done = infralint("scan", ".", cwd=hostile_repo, env=env)
    assert (hostile_repo / "lint" / "RAN").exists() and KNOWN_BAD in done.stdout


def test_search_stops_at_the_scan_root_outside_git(tmp_path):
    """Above the scan root, outside git, is not the project's: nothing is read there."""
    write(tmp_path, {".infralint.toml": 'ignore = ["all"]\n', "project/main.tf": BAD_DB})
    done = infralint("scan", tmp_path / "project")
    assert done.returncode == 1 and KNOWN_BAD in done.stdout


def test_search_stops_at_the_repository_root(tmp_path):
    write(tmp_path, {".infralint.toml": 'ignore = ["all"]\n', "repo/infra/main.tf": BAD_DB})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    done = infralint("scan", "infra", cwd=tmp_path / "repo")
    assert done.returncode == 1 and "infra/main.tf:2:3: IL101" in done.stdout


def test_no_config_reads_none(hostile_repo):
    write(hostile_repo, {".infralint.toml": 'ignore = ["all"]\nrules_paths = ["lint"]\n'})
    done = infralint("scan", ".", "--no-config", cwd=hostile_repo)
    assert done.returncode == 1 and KNOWN_BAD in done.stdout
    assert "not loaded" not in done.stdout and not (hostile_repo / "lint" / "RAN").exists()


def test_what_the_trees_configuration_turns_off_is_said(hostile_repo):
    write(hostile_repo, {".infralint.toml": 'ignore = ["all"]\nfail_on = "none"\n'})
    done = infralint("scan", ".", cwd=hostile_repo)
    assert done.returncode == 0
    assert re.search(r"\.infralint\.toml turns off (\d+) of \1 rules: .*\bIL101, ", done.stderr)
    assert 'sets fail_on = "none"' in done.stderr
    write(hostile_repo, {".infralint.toml": 'ignore = ["IL101"]\n'})
    done = infralint("scan", ".", cwd=hostile_repo)
    assert "turns off 1 of" in done.stderr and ": IL101\n" in done.stderr
    # what the command line chose is not blamed on the configuration
    write(hostile_repo, {".infralint.toml": 'select = ["IL403"]\n'})
    done = infralint("scan", ".", "--select", "IL101", cwd=hostile_repo)
    assert "turns off" not in done.stderr and KNOWN_BAD in done.stdout


# -- control characters never reach an output raw -------------------------------------------------

INJECTED = "Db\r\n::error file=main.tf::Looks good\u2028\x85\x1b]8;;http://x\x07\x1b[2J"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def test_control_characters_are_escaped_in_every_output(tmp_path):
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            INJECTED: {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {"Engine": "postgres", "PubliclyAccessible": True},
            }
        },
    }
    write(
        tmp_path,
        {
            "stack.json": json.dumps(template, indent=2),
            "main.tf": BAD_DB,
            "evil\x1b[31m\rname.tf": 'resource "x" {\n',  # a parse error names the file
        },
    )
    text = infralint("scan", tmp_path)
    assert KNOWN_BAD in text.stdout
    assert "Db\\r\\n::error" in text.stdout
    assert not RAW.search(text.stdout.replace("\n", "")), repr(text.stdout)
    assert not re.search(r"^::", text.stdout, re.M)
    for fmt in ("json", "sarif"):
        out = infralint("scan", "--format", fmt, tmp_path).stdout
        assert not RAW.search(out.replace("\n", "")), fmt
        strings = _strings(json.loads(out))
        assert any("main.tf" in s for s in strings)
        if fmt == "sarif":  # decoded SARIF text carries no control character either
            assert not [s for s in strings if RAW.search(s)]
            assert not [s for s in strings if re.search(r"[\r\n]::error", s)]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_action_passes_inputs_through_the_environment():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        assert "${{ inputs." not in step.get("run", ""), step.get("name")
        assert "${{ steps." not in step.get("run", ""), step.get("name")


# -- baselines: the readable fields are checked ------------------------------------------------


def test_a_baseline_entry_cannot_silence_another_rule_or_file(tmp_path):
    write(tmp_path, {"main.tf": BAD_DB})
    baseline = tmp_path / "baseline.json"
    infralint("scan", tmp_path, "--write-baseline", baseline)
    data = json.loads(baseline.read_text())
    assert infralint("scan", tmp_path, "--baseline", baseline).returncode == 0
    data["findings"][0].update(rule_id="IL403", path="legacy.tf")
    baseline.write_text(json.dumps(data))
    done = infralint("scan", tmp_path, "--baseline", baseline)
    assert done.returncode == 2
    assert "does not match its rule_id, path, resource and attribute" in done.stderr


def test_the_trees_configuration_reads_no_file_outside_its_repository(tmp_path):
    outside = write(tmp_path, {"secret.tfvars": 'public = "Zq8Xv2Lm7Tr4Wp9Y"\n'})
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    var_file = "public = true\n"
    write(
        repo,
        {
            "infra/.infralint.toml": (
                f'[terraform]\nvar_files = ["{outside / "secret.tfvars"}", "../env/prod.tfvars"]\n'
            ),
            "env/prod.tfvars": var_file,
            "infra/main.tf": 'variable "public" {}\nresource "aws_db_instance" "v" {\n'
            "  publicly_accessible = var.public\n}\n",
            "infra/db.tf": BAD_DB,
        },
    )
    done = infralint("scan", "infra", cwd=repo)
    assert "outside its repository" in done.stdout
    assert "Zq8Xv2Lm7Tr4Wp9Y" not in done.stdout + done.stderr
    assert "infra/db.tf:2:3: IL101" in done.stdout
    # the var file inside the repository is read, relative to the configuration file
    assert "infra/main.tf:3:3: IL101" in done.stdout, done.stdout


def test_lowered_severities_and_thresholds_are_said(hostile_repo):
    write(
        hostile_repo,
        {".infralint.toml": 'fail_on = "critical"\n[severity]\npublic-database = "info"\n'},
    )
    done = infralint("scan", ".", cwd=hostile_repo)
    assert done.returncode == 0 and KNOWN_BAD in done.stdout
    assert "lowers the severity of IL101 (high -> info)" in done.stderr
    assert 'sets fail_on = "critical"' in done.stderr


# -- property: no generated name brings a control character into any output ------------------

CONTROLS = "\x00\x07\x08\x0b\x0c\r\n\x1b\x7f\x85\x9b\u2028\u2029\u202e\u2066"


def _hostile_names():
    from hypothesis import strategies as st

    return st.text(
        alphabet=st.sampled_from(list(CONTROLS) + list("ab:=[]; ")), min_size=1, max_size=12
    ).map(lambda s: "Db" + s)


def test_generated_names_never_reach_an_output_raw(tmp_path_factory):
    import os

    from click.testing import CliRunner
    from hypothesis import HealthCheck, given, settings

    from infralint.cli import main

    @settings(
        max_examples=int(os.environ.get("INFRALINT_FUZZ_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(logical_id=_hostile_names(), service=_hostile_names(), file_name=_hostile_names())
    def check(logical_id, service, file_name):
        root = tmp_path_factory.mktemp("tree")
        template = {
            "Resources": {
                logical_id: {
                    "Type": "AWS::RDS::DBInstance",
                    "Properties": {"Engine": "postgres", "PubliclyAccessible": True},
                }
            }
        }
        compose = {"services": {service: {"image": "postgres:16", "ports": ["5432:5432"]}}}
        write(root, {"stack.json": json.dumps(template), "main.tf": BAD_DB})
        write(root, {"compose.yaml": json.dumps(compose)})
        safe_name = file_name.replace("\x00", "").replace("/", "")
        write(root, {f"{safe_name}.tf": 'resource "x" {\n'})  # a parse error names it
        for fmt in ("text", "json", "sarif"):
            done = CliRunner().invoke(main, ["scan", "--format", fmt, str(root)])
            assert done.exit_code == 1, done.output
            out = done.output.replace("\n", "")
            assert not RAW.search(out), (fmt, repr(out))
            assert not re.search("[\u202a-\u202e\u2066-\u2069]", out), fmt
            assert "main.tf" in out

    check()
