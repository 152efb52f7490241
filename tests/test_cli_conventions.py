"""What users of ruff, Trivy or Checkov reach for: a default path, --quiet, --statistics,
folded info notes, severity filters apart from --fail-on, several reports from one scan, rule
links on terminals that show them, --version."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import demo_counts, demo_found
from tests.conftest import infralint as cli

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
BAD_DB = 'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n'
REMOTE = 'module "m{n}" {{\n  source = "terraform-aws-modules/vpc{n}/aws"\n}}\n'


def infralint(*args, cwd=None, env=None):
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_HYPERLINK", "CI")}
    return cli(*args, cwd=cwd, env={**environ, **(env or {})})


def findings(done) -> list[tuple[str, int, str]]:
    return [(f["path"], f["start_line"], f["rule_id"]) for f in json.loads(done.stdout)["findings"]]


def remote_modules(tmp_path: Path, count: int) -> Path:
    (tmp_path / "db.tf").write_text(BAD_DB)
    (tmp_path / "modules.tf").write_text("".join(REMOTE.format(n=n) for n in range(count)))
    return tmp_path


def test_scan_without_a_path_scans_the_current_directory():
    default = infralint("scan", "--format", "json", cwd=DEMO)
    explicit = infralint("scan", ".", "--format", "json", cwd=DEMO)
    assert default.returncode == 1, default.stderr
    assert (
        findings(default) == findings(explicit) and len(findings(default)) == demo_counts()["total"]
    )


def test_quiet_prints_findings_only():
    done = infralint("scan", "-q", cwd=DEMO)
    assert done.returncode == 1
    assert "terraform/database.tf:9:3: IL101 [high]" in done.stdout
    assert "Found" not in done.stdout and done.stdout.endswith("\n")
    assert done.stdout.rstrip().splitlines()[-1].strip().startswith("|")  # an excerpt line


def test_quiet_still_says_which_files_could_not_be_read(tmp_path):
    remote_modules(tmp_path, 1)
    (tmp_path / "broken.tf").write_text('resource "aws_db_instance" "x" {\n')
    done = infralint("scan", "-q", cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if ": error: " in line or ": info: " in line]
    assert len(lines) == 1 and lines[0].startswith("broken.tf:")
    assert "db.tf:2:3: IL101 [high]" in done.stdout


def test_info_diagnostics_of_one_kind_fold_into_one_line(tmp_path):
    remote_modules(tmp_path, 3)
    done = infralint("scan", ".", cwd=tmp_path)
    assert done.returncode == 1
    notes = [line for line in done.stdout.splitlines() if "remote module" in line]
    assert notes == [
        "infralint: info: 3 remote modules not downloaded: run `terraform init` to scan them "
        "(-v lists each)"
    ]
    assert "db.tf:2:3: IL101 [high]" in done.stdout  # the finding is still there

    verbose = infralint("scan", ".", "-v", cwd=tmp_path)
    listed = [line for line in verbose.stdout.splitlines() if "remote module" in line]
    assert [line.split(": info: ")[1].split(":")[0] for line in listed] == [
        "module.m0",
        "module.m1",
        "module.m2",
    ]
    assert listed[0].startswith("modules.tf:1: info: module.m0: remote module")

    quiet = infralint("scan", ".", "-q", cwd=tmp_path)
    assert "remote module" not in quiet.stdout and "db.tf:2:3: IL101" in quiet.stdout


def test_a_single_info_diagnostic_is_shown_in_full(tmp_path):
    remote_modules(tmp_path, 1)
    done = infralint("scan", ".", cwd=tmp_path)
    assert "modules.tf:1: info: module.m0: remote module 'terraform-aws-modules/vpc0/aws'" in (
        done.stdout
    )


def test_statistics_counts_findings_per_rule():
    done = infralint("scan", "--statistics", cwd=DEMO)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["2", "IL101", "public-database", "[high]"]
    assert lines[-1] == demo_found()
    assert sum(int(line.split()[0]) for line in lines[:-1]) == demo_counts()["total"]
    assert "database.tf" not in done.stdout
    quiet = infralint("scan", "--statistics", "-q", cwd=DEMO)
    assert quiet.stdout.splitlines() == lines[:-1]


def test_severity_filters_are_separate_from_fail_on():
    high = infralint("scan", "--format", "json", "--min-severity", "high", cwd=DEMO)
    assert high.returncode == 1
    severities = {f["severity"] for f in json.loads(high.stdout)["findings"]}
    assert severities == {"high"} and len(findings(high)) == demo_counts()["high"]

    medium = infralint(
        "scan", "--format", "json", "--severity", "medium,low", "--fail-on", "high", cwd=DEMO
    )
    assert medium.returncode == 0  # medium findings reported, but not at --fail-on
    every = json.loads(infralint("scan", "--format", "json", cwd=DEMO).stdout)["findings"]
    below = {f["rule_id"] for f in every if f["severity"] in ("medium", "low")}
    assert {rule for _, _, rule in findings(medium)} == below and "IL402" in below

    none = infralint("scan", "--min-severity", "critical", cwd=DEMO)
    assert none.returncode == 0 and "Found 0 problems." in none.stdout

    bad = infralint("scan", "--severity", "severe", cwd=DEMO)
    assert bad.returncode == 2 and "unknown severity 'severe'" in bad.stderr


def test_several_reports_from_one_scan(tmp_path):
    sarif, junit, gitlab = tmp_path / "x.sarif", tmp_path / "j.xml", tmp_path / "g.json"
    done = infralint(
        "scan",
        "--format",
        "sarif",
        "--output",
        sarif,
        "--format",
        "text",
        "--output-format",
        f"junit={junit}",
        "--output-format",
        f"gitlab={gitlab}",
        cwd=DEMO,
    )
    assert done.returncode == 1, done.stderr
    total = demo_counts()["total"]
    assert done.stdout.rstrip().endswith(demo_found())
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) == total
    assert junit.read_text().count("<failure ") == total
    assert len(json.loads(gitlab.read_text())) == total

    markdown = infralint(
        "scan",
        "--format",
        "json",
        "-o",
        tmp_path / "r.json",
        "--output-format",
        "markdown=-",
        cwd=DEMO,
    )
    assert markdown.stdout.startswith("## infralint\n")
    assert len(json.loads((tmp_path / "r.json").read_text())["findings"]) == demo_counts()["total"]


def test_report_destinations_that_cannot_work_are_usage_errors(tmp_path):
    for args, message in [
        (("--format", "json", "--format", "text"), "only one report can go to standard output"),
        (("-o", tmp_path / "a", "-o", tmp_path / "b"), "more --output than --format"),
        (("--output-format", "pdf=x.pdf"), "unknown format 'pdf'"),
        (("--output-format", "junit"), "is not FORMAT=PATH"),
        (
            ("--format", "json", "-o", tmp_path / "a", "--output-format", f"html={tmp_path / 'a'}"),
            "two reports would be written to",
        ),
    ]:
        done = infralint("scan", *args, cwd=DEMO)
        assert done.returncode == 2, args
        assert message in done.stderr, (args, done.stderr)
    assert not (tmp_path / "a").exists()  # nothing scanned, nothing written


def test_rule_links_only_where_the_terminal_shows_them(tmp_path):
    (tmp_path / "db.tf").write_text(BAD_DB)
    url = "https://example.test/rules/IL101.md"
    forced = infralint("scan", ".", cwd=tmp_path, env={"FORCE_HYPERLINK": "1"})
    [line] = [ln for ln in forced.stdout.splitlines() if " IL101 " in ln]
    default_url = "https://github.com/infralint/infralint/blob/main/docs/rules/IL101.md"
    assert line.endswith(
        f"(aws_db_instance.main) \033]8;;{default_url}\033\\IL101 docs\033]8;;\033\\"
    )

    custom = infralint(
        "scan",
        ".",
        cwd=tmp_path,
        env={"FORCE_HYPERLINK": "1", "INFRALINT_RULE_URL": url.replace("IL101", "{id}")},
    )
    assert f"\033]8;;{url}\033\\" in custom.stdout

    piped = infralint("scan", ".", cwd=tmp_path)  # standard output is a pipe here
    assert "\033" not in piped.stdout
    refused = infralint("scan", ".", "--no-hyperlinks", cwd=tmp_path, env={"FORCE_HYPERLINK": "1"})
    assert "\033" not in refused.stdout
    infralint("scan", ".", "-o", tmp_path / "r.txt", cwd=tmp_path, env={"FORCE_HYPERLINK": "1"})
    assert "\033" not in (tmp_path / "r.txt").read_text()


def test_terminals_known_to_show_hyperlinks():
    from infralint.report.terminal import hyperlinks

    class Tty:
        def isatty(self):
            return True

    assert hyperlinks(Tty(), {"TERM_PROGRAM": "iTerm.app"})
    assert hyperlinks(Tty(), {"VTE_VERSION": "7600"})
    assert not hyperlinks(Tty(), {"TERM": "xterm-256color"})  # unknown: no escape codes
    assert not hyperlinks(Tty(), {"TERM_PROGRAM": "vscode", "CI": "true"})
    assert not hyperlinks(Tty(), {"TERM": "dumb", "WT_SESSION": "1"})
    assert hyperlinks(Tty(), {"FORCE_HYPERLINK": "1", "TERM": "dumb"})


def test_version_shows_the_number_of_rules_loaded():
    from importlib.metadata import version

    done = infralint("--version")
    rules = json.loads(infralint("rules", "--format", "json").stdout)
    assert done.stdout == f"infralint {version('infralint')} ({len(rules)} rules loaded)\n"
    assert len(rules) >= 16
