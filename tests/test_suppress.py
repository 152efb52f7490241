"""Inline suppressions, read from real files parsed by infralint's own parsers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infralint import suppress
from infralint.engine import Rule
from infralint.model import Finding, Severity, Span
from infralint.parse import terraform, yaml_doc
from infralint.suppress import Suppression, apply


def collect(files, blocks, metadata):
    """``suppress.collect`` with each file's comment syntax as its format declares it (a
    ``.json`` file's format declares none)."""
    from infralint.formats import comment_markers, kind_by_content, kind_by_name

    template = "AWSTemplateFormatVersion Resources"
    kinds = {p: kind_by_name(p) or kind_by_content(p, template) for p in files}
    return suppress.collect(
        {p: (lines, comment_markers(kinds[p], p)) for p, lines in files.items()}, blocks, metadata
    )


TODAY = date(2026, 6, 1)

RULES = {
    rule_id: Rule(
        id=rule_id,
        name=name,
        category=category,
        severity=Severity.HIGH,
        facts=(),
        formats=("terraform",),
        doc="",
        check=lambda ctx: [],
    )
    for rule_id, name, category in [
        ("IL101", "public-database", "public-database"),
        ("IL201", "open-ingress", "network"),
        ("IL301", "secret-literal", "secrets"),
        ("IL401", "backup-retention", "resilience"),
    ]
}

MAIN_TF = """\
# infralint:ignore IL401 reason="replica: backups come from the primary" until=2026-12-31
resource "aws_db_instance" "replica" {
  publicly_accessible = true
  backup_retention_period = 0
}

resource "aws_db_instance" "main" {
  publicly_accessible = true # infralint:ignore public-database reason='behind a VPN'
  // infralint:ignore IL301 reason="test fixture, not a real password"

  # an ordinary comment between the directive and the code
  password = "hunter2hunter2"
  backup_retention_period = 0
}

resource "aws_security_group" "web" { # infralint:ignore network reason="public web tier"
  ingress {
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Metadata:
      infralint:
        ignore:
          - id: IL101
            reason: reporting replica, reachable by design
            until: 2026-12-31
          - id: [IL401, IL301]
            reason: "restored from snapshots"
    Properties:
      PubliclyAccessible: true
      BackupRetentionPeriod: 0
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      PubliclyAccessible: true # infralint:ignore IL101 reason="demo stack"
      BackupRetentionPeriod: 0
"""


def finding(rule_id: str, path: str, line: int, resource: str, attribute: str = "") -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule_id=rule_id,
        rule_name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message="problem",
        resource=resource,
        path=path,
        span=Span(line, line),
        attribute=attribute,
    )


def read(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines()


def tf_blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    body = terraform.parse("\n".join(lines)).body
    return [(b.span.line, b.span.end_line, ".".join(b.labels)) for b in body.blocks_of("resource")]


def cfn_metadata(path: str, lines: list[str]) -> list[tuple[str, int, str, object]]:
    doc = yaml_doc.load("\n".join(lines))
    out = []
    for name, body in doc.value["Resources"].items():
        if "Metadata" in body:
            out.append(
                (path, doc.spans[("Resources", name, "Metadata")].line, name, body["Metadata"])
            )
    return out


@pytest.fixture
def tf(tmp_path):
    lines = read(tmp_path, "db/main.tf", MAIN_TF)
    return collect({"db/main.tf": lines}, {"db/main.tf": tf_blocks(lines)}, [])


def test_terraform_comments_scopes(tf):
    by_line = {s.line: s for s in tf}
    assert sorted(by_line) == [1, 8, 9, 16]
    above = by_line[1]
    assert (above.scope, above.start, above.end, above.resource) == (
        "block",
        2,
        5,
        "aws_db_instance.replica",
    )
    assert above.ids == ("IL401",)
    assert above.reason == "replica: backups come from the primary"
    assert above.until == date(2026, 12, 31)
    trailing = by_line[8]
    assert (trailing.scope, trailing.start, trailing.end) == ("line", 8, 8)
    assert trailing.reason == "behind a VPN"  # single quotes
    skip = by_line[9]  # skips the blank line and the ordinary comment
    assert (skip.scope, skip.start, skip.ids) == ("line", 12, ("IL301",))
    on_block = by_line[16]  # trailing comment on a block's first line covers the block
    assert (on_block.scope, on_block.start, on_block.end) == ("block", 16, 20)
    assert all(not s.error for s in tf)


def test_terraform_apply(tf):
    path = "db/main.tf"
    findings = [
        finding("IL101", path, 3, "aws_db_instance.replica"),  # not suppressed
        finding("IL401", path, 4, "aws_db_instance.replica"),  # block comment above
        finding("IL101", path, 8, "aws_db_instance.main"),  # trailing, by rule name
        finding("IL301", path, 12, "aws_db_instance.main"),  # comment two lines above
        finding("IL401", path, 13, "aws_db_instance.main"),  # nothing covers it
        finding("IL201", path, 18, "aws_security_group.web"),  # by category, inside block
        finding("IL101", "other.tf", 8, "aws_db_instance.main"),  # another file
    ]
    diagnostics = apply(findings, tf, RULES, today=TODAY, report_unused=True)
    assert diagnostics == []
    assert [f.suppressed for f in findings] == [False, True, True, True, False, True, False]
    assert findings[1].suppression_reason == "replica: backups come from the primary"
    assert findings[2].suppression_reason == "behind a VPN"
    assert all(s.used for s in tf)


def test_without_rules_only_ids_and_all_match(tmp_path):
    lines = read(
        tmp_path,
        "main.tf",
        'resource "a" "b" {\n'
        '  x = 1 # infralint:ignore public-database reason="r"\n'
        '  y = 1 # infralint:ignore IL101 reason="r"\n'
        '  z = 1 # infralint:ignore all reason="r"\n}\n',
    )
    found = collect({"main.tf": lines}, {}, [])
    findings = [finding("IL101", "main.tf", n, "a.b") for n in (2, 3, 4)]
    diagnostics = apply(findings, found, None, today=TODAY, report_unused=True)
    assert [f.suppressed for f in findings] == [False, True, True]
    assert [(d.line, d.level) for d in diagnostics] == [(2, "warning")]
    assert "unused suppression of public-database" in diagnostics[0].message


def test_several_ids_and_stacked_comments(tmp_path):
    lines = read(
        tmp_path,
        "main.tf",
        '# infralint:ignore IL101, IL201 reason="a"\n'
        '# infralint:ignore IL301 reason="b"\n'
        "locals { x = 1 }\n",
    )
    found = collect({"main.tf": lines}, {}, [])
    assert [(s.ids, s.start) for s in found] == [(("IL101", "IL201"), 3), (("IL301",), 3)]
    findings = [finding(r, "main.tf", 3, "locals") for r in ("IL101", "IL201", "IL301", "IL401")]
    apply(findings, found, RULES, today=TODAY)
    assert [(f.suppressed, f.suppression_reason) for f in findings] == [
        (True, "a"),
        (True, "a"),
        (True, "b"),
        (False, ""),
    ]


def test_missing_reason_is_an_error_and_does_not_suppress(tmp_path):
    lines = read(tmp_path, "main.tf", "locals { x = 1 } # infralint:ignore IL101\n")
    found = collect({"main.tf": lines}, {}, [])
    findings = [finding("IL101", "main.tf", 1, "locals")]
    diagnostics = apply(findings, found, RULES, today=TODAY)
    assert not findings[0].suppressed
    assert [(d.path, d.line, d.level) for d in diagnostics] == [("main.tf", 1, "error")]
    assert "IL101 has no reason" in diagnostics[0].message
    # unless reasons are not required
    assert apply(findings, found, RULES, today=TODAY, require_reason=False) == []
    assert findings[0].suppressed and findings[0].suppression_reason == ""


def test_expiry(tmp_path):
    lines = read(
        tmp_path,
        "main.tf",
        'locals { x = 1 } # infralint:ignore IL101 reason="r" until=2026-01-01\n',
    )
    found = collect({"main.tf": lines}, {}, [])
    on_the_day = [finding("IL101", "main.tf", 1, "locals")]
    assert apply(on_the_day, found, RULES, today=date(2026, 1, 1)) == []
    assert on_the_day[0].suppressed  # still valid on its last day
    later = [finding("IL101", "main.tf", 1, "locals")]
    diagnostics = apply(later, found, RULES, today=date(2026, 1, 2))
    assert not later[0].suppressed
    assert [(d.level, d.message) for d in diagnostics] == [
        ("warning", "suppression of IL101 expired on 2026-01-01")
    ]


@pytest.mark.parametrize(
    "comment, problem",
    [
        ('# infralint:ignore IL101 reason="r" until=2026-13-01', "invalid until date '2026-13-01'"),
        ('# infralint:ignore IL101 reason="r" until=tomorrow', "invalid until date 'tomorrow'"),
        ('# infralint:ignore reason="r"', "names no rule"),
        ("# infralint:ignore", "names no rule"),
        ("# infralint:ignore IL101 because it is fine", "unexpected text 'because it is fine'"),
        ('# infralint:ignore IL101 reason="r" owner=me', "unknown option 'owner'"),
        ('# infralint:ignroe IL101 reason="r"', "unknown directive 'infralint:ignroe'"),
    ],
)
def test_malformed_comments_are_errors(tmp_path, comment, problem):
    lines = read(tmp_path, "main.tf", f"{comment}\nlocals {{ x = 1 }}\n")
    found = collect({"main.tf": lines}, {}, [])
    findings = [finding("IL101", "main.tf", 2, "locals")]
    diagnostics = apply(findings, found, RULES, today=TODAY)
    assert not findings[0].suppressed
    assert len(diagnostics) == 1 and diagnostics[0].level == "error", diagnostics
    assert diagnostics[0].line == 1 and problem in diagnostics[0].message


def test_lines_without_the_mark_or_outside_comments_are_ignored(tmp_path):
    lines = read(
        tmp_path,
        "main.tf",
        "locals {\n"
        '  note = "see infralint: docs"\n'
        "  # TODO: infralint:ignore is not at the start of this comment\n}\n",
    )
    assert collect({"main.tf": lines}, {}, []) == []


def test_yaml_comments(tmp_path):
    lines = read(
        tmp_path,
        "compose.yaml",
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        '    # infralint:ignore IL301 reason="local development only"\n'
        "    environment:\n"
        "      POSTGRES_PASSWORD: example # infralint:ignore all reason='dev'\n"
        "      URL: http://a//infralint:ignore IL101\n",
    )
    found = collect({"compose.yaml": lines}, {}, [])
    assert [(s.line, s.scope, s.start, s.ids) for s in found] == [
        (4, "line", 5, ("IL301",)),
        (6, "line", 6, ("all",)),
    ]  # "//" is no YAML comment


def test_json_files_have_no_comments(tmp_path):
    lines = read(tmp_path, "t.json", '{"Description": "# infralint:ignore IL101 reason=\\"x\\""}\n')
    assert collect({"t.json": lines}, {}, []) == []


def test_hcl_block_comment(tmp_path):
    lines = read(tmp_path, "main.tf", 'locals { x = 1 } /* infralint:ignore IL101 reason="r" */\n')
    found = collect({"main.tf": lines}, {}, [])
    assert [(s.ids, s.reason, s.error) for s in found] == [(("IL101",), "r", "")]


def test_cloudformation_metadata(tmp_path):
    lines = read(tmp_path, "stack.yaml", TEMPLATE)
    found = collect({"stack.yaml": lines}, {}, cfn_metadata("stack.yaml", lines))
    resource = [s for s in found if s.scope == "resource"]
    assert [(s.line, s.resource, s.ids, s.until) for s in resource] == [
        (5, "Database", ("IL101",), date(2026, 12, 31)),
        (5, "Database", ("IL401", "IL301"), None),
    ]
    assert [(s.scope, s.start) for s in found if s.scope != "resource"] == [("line", 19)]
    findings = [
        finding("IL101", "stack.yaml", 14, "Database", "PubliclyAccessible"),
        finding("IL401", "stack.yaml", 15, "Database", "BackupRetentionPeriod"),
        finding("IL101", "stack.yaml", 19, "Other", "PubliclyAccessible"),
        finding("IL401", "stack.yaml", 20, "Other", "BackupRetentionPeriod"),
    ]
    diagnostics = apply(findings, found, RULES, today=TODAY, report_unused=True)
    assert [f.suppressed for f in findings] == [True, True, True, False]
    assert findings[0].suppression_reason == "reporting replica, reachable by design"
    assert diagnostics == []


@pytest.mark.parametrize(
    "metadata, problem",
    [
        (
            {"infralint": {"ignore": [{"id": "IL101", "reason": "r", "until": "31/12/2026"}]}},
            "invalid until date",
        ),
        ({"infralint": {"ignore": [{"reason": "r"}]}}, "needs an 'id'"),
        (
            {"infralint": {"ignore": [{"id": "IL101", "reason": "r", "util": "2026-01-01"}]}},
            "unknown key 'util'",
        ),
        ({"infralint": {"ignroe": []}}, "single key 'ignore'"),
        ({"infralint": {"ignore": "IL101"}}, "must be a list"),
        ({"infralint": {"ignore": [{"id": "IL101"}]}}, "has no reason"),
    ],
)
def test_cloudformation_metadata_problems(metadata, problem):
    found = collect({}, {}, [("stack.yaml", 5, "Database", metadata)])
    findings = [finding("IL101", "stack.yaml", 9, "Database")]
    diagnostics = apply(findings, found, RULES, today=TODAY)
    assert not findings[0].suppressed
    assert len(diagnostics) == 1 and diagnostics[0].level == "error"
    assert diagnostics[0].line == 5 and problem in diagnostics[0].message


def test_other_metadata_is_ignored():
    assert (
        collect(
            {}, {}, [("s.yaml", 3, "Db", {"cfn-lint": {"config": {}}}), ("s.yaml", 4, "Db", None)]
        )
        == []
    )


def test_expired_and_unused_are_reported_once(tmp_path):
    found = [Suppression("m.tf", 1, ("IL101",), "r", date(2020, 1, 1), "line", start=2, end=2)]
    diagnostics = apply([], found, RULES, today=TODAY, report_unused=True)
    assert [d.message for d in diagnostics] == ["suppression of IL101 expired on 2020-01-01"]


def test_only_marked_lines_reach_a_regex(tmp_path, monkeypatch):
    lines = read(
        tmp_path,
        "big.tf",
        "locals { x = 1 }\n" * 5000 + 'locals { y = 1 } # infralint:ignore IL101 reason="r"\n',
    )
    calls = []
    real = suppress._directive(("#", "//", "/*"))

    class Spy:
        def search(self, text):
            calls.append(text)
            return real.search(text)

    monkeypatch.setattr(suppress, "_directive", lambda markers: Spy())
    found = collect({"big.tf": lines}, {}, [])
    assert len(calls) == 1 and [s.start for s in found] == [5001]
