"""Terraform files that the previous parser could not read, or read wrongly, through the real
CLI: each scan also holds a known-bad file elsewhere, whose finding must still be reported."""

from __future__ import annotations

import json

from click.testing import CliRunner

from infralint.cli import main

PUBLIC_DB = 'resource "aws_db_instance" "{name}" {{\n  publicly_accessible = true\n}}\n'


def scan(tmp_path, files: dict[str, str]) -> dict:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "elsewhere" / "known_bad.tf").parent.mkdir(exist_ok=True)
    (tmp_path / "elsewhere" / "known_bad.tf").write_text(
        PUBLIC_DB.format(name="known"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def public_dbs(report: dict) -> list[tuple[str, int, str]]:
    return sorted(
        (f["path"], f["start_line"], f["resource"])
        for f in report["findings"]
        if f["rule_id"] == "IL101"
    )


def diagnostics(report: dict) -> list[tuple[str, int, str, str]]:
    return [(d["path"], d["line"], d["level"], d["message"]) for d in report["diagnostics"]]


KNOWN = ("elsewhere/known_bad.tf", 2, "aws_db_instance.known")


def test_a_broken_block_costs_only_that_block(tmp_path):
    text = (
        PUBLIC_DB.format(name="first")
        + 'resource "aws_s3_bucket" "broken" {\n  bucket = "b"\n  acl = = "private"\n}\n'
        + PUBLIC_DB.format(name="last")
    )
    report = scan(tmp_path, {"main.tf": text})
    assert public_dbs(report) == [
        KNOWN,
        ("main.tf", 2, "aws_db_instance.first"),
        ("main.tf", 9, "aws_db_instance.last"),
    ]
    assert diagnostics(report) == [
        (
            "main.tf",
            6,
            "error",
            "invalid HCL: unexpected `=`, expected an expression (column 9); the block is skipped",
        )
    ]


def test_valid_syntax_the_old_parser_rejected(tmp_path):
    text = (
        "locals {\n"
        "  size = 5e6\n"  # an exponent
        "  open = (\n    var.a\n    || var.b\n  )\n"  # an operator at the start of a line
        "  m = { for k, v in var.m : k\n    => v }\n"  # `=>` on the next line
        "  n = merge({\n    a = (\n      var.c\n      ? 1\n      : 2\n    )\n    b = 3\n  })\n"
        "}\n" + PUBLIC_DB.format(name="db")
    )
    report = scan(tmp_path, {"main.tf": text})
    assert public_dbs(report) == [KNOWN, ("main.tf", 19, "aws_db_instance.db")]
    assert diagnostics(report) == []


def test_a_heredoc_ends_only_at_its_marker_alone_on_a_line(tmp_path):
    # The marker inside the text ("EOT is ...", "EOTX") does not end the heredoc; the line
    # holding only EOT does, and the database after it is real.
    text = (
        'resource "aws_iam_policy" "p" {\n'
        "  policy = <<EOT\n"
        "EOT is not the end, nor is\n"
        "EOTX\n"
        "EOT\n"
        "}\n" + PUBLIC_DB.format(name="after_heredoc")
    )
    report = scan(tmp_path, {"main.tf": text})
    assert public_dbs(report) == [KNOWN, ("main.tf", 8, "aws_db_instance.after_heredoc")]
    assert diagnostics(report) == []


def test_a_heredoc_marker_in_text_does_not_end_it_early(tmp_path):
    # Terraform reads the resource below as text of the heredoc: it creates no database.
    text = "locals {\n  doc = <<EOT\nfake EOT\n" + PUBLIC_DB.format(name="only_text")
    text += "EOT\n}\n"
    report = scan(tmp_path, {"main.tf": text})
    assert public_dbs(report) == [KNOWN]
    assert diagnostics(report) == []


def test_a_module_calling_its_own_directory_is_still_a_root(tmp_path):
    text = 'module "self" {\n  source = "./"\n}\n' + PUBLIC_DB.format(name="db")
    report = scan(tmp_path, {"app/main.tf": text})
    assert public_dbs(report) == [("app/main.tf", 5, "aws_db_instance.db"), KNOWN]
    assert diagnostics(report) == [
        (
            "app/main.tf",
            1,
            "warning",
            "module.self calls 'app', which is already being evaluated (a module cycle): "
            "it is not entered again",
        )
    ]


def test_a_module_cycle_does_not_hide_its_directories(tmp_path):
    report = scan(
        tmp_path,
        {
            "a/main.tf": 'module "b" {\n  source = "../b"\n}\n' + PUBLIC_DB.format(name="in_a"),
            "b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
        },
    )
    found = public_dbs(report)
    assert KNOWN in found
    assert ("a/main.tf", 5, "aws_db_instance.in_a") in found  # a as a root
    assert ("a/main.tf", 5, "module.a.aws_db_instance.in_a") in found  # a called by b
    cycles = [d for d in diagnostics(report) if "module cycle" in d[3]]
    assert [(path, line) for path, line, _, _ in cycles] == [("a/main.tf", 1), ("b/main.tf", 1)]


def test_repeated_block_type_keys_in_tf_json_are_merged(tmp_path):
    text = (
        "{\n"
        '  "resource": {"aws_db_instance": {"hidden": {"publicly_accessible": true}}},\n'
        '  "resource": {"aws_s3_bucket": {"logs": {"bucket": "logs"}}}\n'
        "}\n"
    )
    report = scan(tmp_path, {"main.tf.json": text})
    assert public_dbs(report) == [KNOWN, ("main.tf.json", 2, "aws_db_instance.hidden")]
    assert diagnostics(report) == [
        (
            "main.tf.json",
            3,
            "warning",
            "'resource' appears again: its blocks are merged",
        )
    ]
