"""Configuration files: discovery, validation messages, and rule selection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from infralint.config import (
    ConfigError,
    fail_threshold,
    load_config,
    selected,
    severity_for,
    unknown_names,
)
from infralint.engine import Rule
from infralint.model import Severity

FULL = """\
select = ["IL1", "secrets", "IL401"]
ignore = ["IL403"]
fail_on = "HIGH"
exclude = ["examples/", "**/*.generated.tf"]
rules_paths = ["tools/rules"]
require_reason = false
fail_on_diagnostics = false
max_file_bytes = 1000

[severity]
IL401 = "Low"
secrets = "critical"

[terraform]
var_files = ["env/prod.tfvars"]
vars = { region = "eu-west-1" }

[cloudformation]
params = "params/prod.json"
"""


def rule(rule_id: str, name: str, category: str, severity: Severity = Severity.HIGH) -> Rule:
    return Rule(
        id=rule_id,
        name=name,
        category=category,
        severity=severity,
        facts=(),
        formats=(),
        doc="",
        check=lambda ctx: [],
    )


PUBLIC = rule("IL101", "public-database", "public-database")
SECRET = rule("IL301", "secret-literal", "secrets")
TOKEN = rule("IL302", "secret-token", "secrets", Severity.HIGH)
BACKUP = rule("IL401", "backup-retention", "resilience", Severity.MEDIUM)
SNAPSHOT = rule("IL403", "final-snapshot", "resilience", Severity.MEDIUM)
RULES = [PUBLIC, SECRET, TOKEN, BACKUP, SNAPSHOT]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with a nested scan root; the working directory is its top."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra" / "prod").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(path: Path, explicit: str | None = None):
    return load_config(str(path), explicit)


def test_defaults_without_a_file(repo):
    config, source = load(repo / "infra" / "prod")
    assert source is None
    assert config.select == [] and config.ignore == [] and config.severity == {}
    assert config.fail_on == "low" and config.require_reason and config.fail_on_diagnostics
    assert config.max_file_bytes == 5_000_000
    assert config.terraform.var_files == [] and config.terraform.vars == {}
    assert config.cloudformation.params is None
    assert fail_threshold(config) == Severity.LOW


def test_full_infralint_toml(repo):
    (repo / ".infralint.toml").write_text(FULL, encoding="utf-8")
    config, source = load(repo / "infra" / "prod")  # found two levels up
    assert source == str(repo / ".infralint.toml")
    assert config.select == ["IL1", "secrets", "IL401"] and config.ignore == ["IL403"]
    assert config.fail_on == "high" and fail_threshold(config) == Severity.HIGH
    assert config.severity == {"IL401": "low", "secrets": "critical"}
    assert config.exclude == ["examples/", "**/*.generated.tf"]
    assert config.rules_paths == ["tools/rules"]
    assert not config.require_reason and not config.fail_on_diagnostics
    assert config.max_file_bytes == 1000
    assert config.terraform.var_files == ["env/prod.tfvars"]
    assert config.terraform.vars == {"region": "eu-west-1"}
    assert config.cloudformation.params == "params/prod.json"


def test_pyproject_table(repo):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.infralint]\nfail_on = "none"\nignore = ["IL101"]\n',
        encoding="utf-8",
    )
    config, source = load(repo / "infra")
    assert source == str(repo / "pyproject.toml")
    assert config.ignore == ["IL101"] and fail_threshold(config) is None


def test_infralint_toml_wins_over_pyproject(repo):
    (repo / "pyproject.toml").write_text('[tool.infralint]\nfail_on = "info"\n', encoding="utf-8")
    (repo / ".infralint.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    config, source = load(repo)
    assert source == str(repo / ".infralint.toml") and config.fail_on == "critical"


def test_nearest_file_wins(repo):
    (repo / ".infralint.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    (repo / "infra" / "pyproject.toml").write_text(
        '[tool.infralint]\nfail_on = "medium"\n', encoding="utf-8"
    )
    config, source = load(repo / "infra" / "prod")
    assert source == str(repo / "infra" / "pyproject.toml") and config.fail_on == "medium"


def test_pyproject_without_the_table_is_passed_over(repo):
    (repo / "infra" / "pyproject.toml").write_text(
        "[tool.ruff]\nline-length = 100\n", encoding="utf-8"
    )
    (repo / ".infralint.toml").write_text('fail_on = "medium"\n', encoding="utf-8")
    config, source = load(repo / "infra" / "prod")
    assert source == str(repo / ".infralint.toml") and config.fail_on == "medium"


def test_search_stops_at_the_repository_root(tmp_path, monkeypatch):
    (tmp_path / ".infralint.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "infra").mkdir()
    monkeypatch.chdir(project)
    config, source = load(project / "infra")
    assert source is None and config.fail_on == "low"


def test_start_dir_may_be_a_file(repo):
    (repo / "infra" / ".infralint.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    (repo / "infra" / "main.tf").write_text("", encoding="utf-8")
    assert load(repo / "infra" / "main.tf")[0].fail_on == "info"


def test_explicit_file(repo):
    (repo / ".infralint.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    custom = repo / "ci.toml"
    custom.write_text('fail_on = "medium"\n', encoding="utf-8")
    config, source = load(repo, str(custom))
    assert source == str(custom) and config.fail_on == "medium"
    other = repo / "infra" / "pyproject.toml"
    other.write_text('[tool.infralint]\nselect = ["IL101"]\n', encoding="utf-8")
    assert load(repo, str(other))[0].select == ["IL101"]


def test_explicit_file_problems(repo):
    with pytest.raises(ConfigError, match="missing.toml: configuration file not found"):
        load(repo, str(repo / "missing.toml"))
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: has no \[tool.infralint\] table"):
        load(repo, str(repo / "pyproject.toml"))


def error_lines(repo: Path, text: str, name: str = ".infralint.toml") -> list[str]:
    (repo / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load(repo / "infra")
    return str(info.value).splitlines()


def test_unknown_key_suggests_the_right_one(repo):
    assert error_lines(repo, 'selct = ["IL101"]\n') == [
        ".infralint.toml: unknown key 'selct' (did you mean 'select'?)"
    ]


def test_unknown_key_in_pyproject_and_in_a_section(repo):
    lines = error_lines(
        repo,
        '[tool.infralint]\nfail-on = "high"\n[tool.infralint.terraform]\nvar_file = ["a.tfvars"]\n',
        name="pyproject.toml",
    )
    assert lines == [  # pydantic's order: declared fields first, unknown keys last
        "pyproject.toml: unknown key 'terraform.var_file' in [tool.infralint] "
        "(did you mean 'terraform.var_files'?)",
        "pyproject.toml: unknown key 'fail-on' in [tool.infralint] (did you mean 'fail_on'?)",
    ]


def test_one_line_per_problem(repo):
    lines = error_lines(
        repo,
        'fail_on = "hgh"\nmax_file_bytes = 0\nrequire_reason = "no"\n'
        'select = ["IL101", 3]\nzzz = 1\n[severity]\nIL101 = "severe"\n',
    )
    assert lines == [
        ".infralint.toml: select[1]: must be a string (got 3)",
        ".infralint.toml: severity: invalid severity 'severe' for 'IL101' "
        "(expected one of critical, high, medium, low, info)",
        ".infralint.toml: fail_on: invalid value 'hgh' "
        "(expected one of critical, high, medium, low, info, none)",
        ".infralint.toml: require_reason: must be true or false (got 'no')",
        ".infralint.toml: max_file_bytes: must be at least 1 (got 0)",
        ".infralint.toml: unknown key 'zzz' (known keys: cloudformation, exclude, fail_on, "
        "fail_on_diagnostics, ignore, limits, max_file_bytes, require_reason, "
        "respect_gitignore, rules, rules_paths, select, severity, terraform)",
    ]


def test_wrong_types(repo):
    assert error_lines(repo, 'select = "IL101"\nterraform = "x"\n') == [
        ".infralint.toml: select: must be a list of strings (got 'IL101')",
        ".infralint.toml: terraform: must be a table (got 'x')",
    ]


def test_invalid_toml_names_file_and_line(repo):
    (lines,) = error_lines(repo, 'select = ["IL101"\nfail_on = "high"\n')
    assert lines.startswith(".infralint.toml: invalid TOML: ") and "line 2" in lines


def test_selected(repo):
    (repo / ".infralint.toml").write_text(FULL, encoding="utf-8")
    config, _ = load(repo)
    # select names IL401 by id and the secrets category; "IL1" names no rule
    assert [r.id for r in RULES if selected(r, config)] == ["IL301", "IL302", "IL401"]
    (repo / ".infralint.toml").write_text(
        'ignore = ["secret-literal", "resilience"]\n', encoding="utf-8"
    )
    config, _ = load(repo)
    assert [r.id for r in RULES if selected(r, config)] == ["IL101", "IL302"]
    (repo / ".infralint.toml").write_text(
        'select = ["all"]\nignore = ["il101"]\n', encoding="utf-8"
    )
    config, _ = load(repo)
    assert [r.id for r in RULES if selected(r, config)] == ["IL301", "IL302", "IL401", "IL403"]


def test_severity_for_prefers_the_most_specific_override(repo):
    (repo / ".infralint.toml").write_text(
        '[severity]\nsecrets = "critical"\nsecret-token = "medium"\nIL302 = "low"\n'
        'resilience = "info"\n',
        encoding="utf-8",
    )
    config, _ = load(repo)
    assert severity_for(TOKEN, config) == Severity.LOW  # id beats name beats category
    assert severity_for(SECRET, config) == Severity.CRITICAL
    assert severity_for(BACKUP, config) == Severity.INFO
    assert severity_for(PUBLIC, config) == Severity.HIGH  # the rule's own


def test_unknown_names(repo):
    (repo / ".infralint.toml").write_text(
        'select = ["IL101", "secret"]\nignore = ["all"]\n[severity]\npublic-databse = "low"\n',
        encoding="utf-8",
    )
    config, _ = load(repo)
    assert unknown_names(config, RULES) == [
        "select: no rule, rule name or category is called 'secret' (did you mean 'secrets'?)",
        "severity: no rule, rule name or category is called 'public-databse' "
        "(did you mean 'public-database'?)",
    ]


def test_module_imports_without_pydantic():
    code = (
        "import sys, infralint.config; "
        "assert 'pydantic' not in sys.modules, 'pydantic imported at module load'; "
        "from infralint.config import Config; assert 'pydantic' in sys.modules; "
        "print(Config.__name__, Config.__module__)"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["Config", "infralint.config_models"]  # defined at module level
