"""The report formats for CI systems and people: golden output on the demo stack, each checked
by the validator of the system that reads it, and the HTML report in a real browser.

Golden files live in tests/golden/; after an intended change, regenerate them with
``INFRALINT_UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from infralint import __version__
from tests.conftest import demo_counts
from tests.conftest import infralint as cli

try:
    from tests import browser
except ImportError:  # tests/ itself on sys.path
    import browser

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
DEMO = "fixtures/demo"
GOLDEN_FILES = {
    "github": "demo.github.txt",
    "junit": "demo.junit.xml",
    "gitlab": "demo.gitlab.json",
    "markdown": "demo.md",
    "html": "demo.html",
}
# "compose service named like markup" publishing its database to the world
HOSTILE_COMPOSE = """services:
  "<img src=x onerror=alert(1)>[x](http://e.test)|*a*":
    image: postgres:16
    ports:
      - "5432:5432"
"""


def infralint(*args, cwd=ROOT, env=None):
    return cli(*args, cwd=cwd, env={**os.environ, **(env or {})})


def report(fmt: str, *args, cwd=ROOT) -> str:
    done = infralint("scan", DEMO if cwd == ROOT else ".", "--format", fmt, *args, cwd=cwd)
    assert done.returncode == 1, done.stderr
    return done.stdout


def demo_findings() -> list[dict]:
    return json.loads(report("json"))["findings"]


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden_output_on_the_demo_stack(fmt):
    text = report(fmt).replace(__version__, "VERSION")
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if os.environ.get("INFRALINT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_github_annotations_parse_back_to_each_finding():
    pattern = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
    parsed = []
    for line in report("github").splitlines():
        command, properties, message = pattern.match(line).groups()
        fields = dict(p.split("=", 1) for p in properties.split(","))
        parsed.append((fields["file"], int(fields["line"]), fields["title"].split()[0], command))
    expected = [
        (f"{DEMO}/{f['path']}", f["start_line"], f["rule_id"], f["severity"])
        for f in demo_findings()
    ]
    assert [p[:3] for p in parsed] == [e[:3] for e in expected]
    levels = {"high": "error", "critical": "error", "medium": "warning", "low": "notice"}
    assert [p[3] for p in parsed] == [levels[e[3]] for e in expected]


def test_github_escapes_what_would_end_or_split_a_command(tmp_path):
    (tmp_path / "compose.yaml").write_text(HOSTILE_COMPOSE.replace("|*a*", ",x::y%0A"))
    done = infralint("scan", ".", "--format", "github", "--select", "IL101", cwd=tmp_path)
    (line,) = done.stdout.splitlines()
    assert line.startswith("::error file=compose.yaml,line=5,endLine=5,col=9,endColumn=20,")
    assert "::y%250A" in line.split("::", 2)[2]  # data: % escaped, :: harmless after the split


def test_junit_validates_against_the_junit_schema_with_one_failure_per_finding():
    document = report("junit")
    xmlschema.XMLSchema(SCHEMAS / "junit.xsd").validate(document)
    tree = xmlschema.XMLSchema(SCHEMAS / "junit.xsd").to_dict(document)
    failures = [
        (case["@classname"], case["@name"], failure["@type"])
        for suite in tree["testsuite"]
        for case in suite["testcase"]
        for failure in case.get("failure", [])
    ]
    expected = [(f["rule_id"], f"{DEMO}/{f['path']}", f["severity"]) for f in demo_findings()]
    assert sorted(failures) == sorted(expected)
    cases = {(c["@classname"], c["@name"]) for s in tree["testsuite"] for c in s["testcase"]}
    assert ("IL303", "IL303 private-key") in cases  # a rule that found nothing passes
    assert tree["@failures"] == len({(rule, path) for rule, path, _ in expected})


def test_junit_reports_unparsable_files_as_errors(tmp_path):
    (tmp_path / "broken.tf").write_text('resource "aws_db_instance" "x" {\n')
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n'
    )
    done = infralint("scan", ".", "--format", "junit", "--select", "IL101", cwd=tmp_path)
    xmlschema.XMLSchema(SCHEMAS / "junit.xsd").validate(done.stdout)
    tree = xmlschema.XMLSchema(SCHEMAS / "junit.xsd").to_dict(done.stdout)
    assert tree["@errors"] == 1 and tree["@failures"] == 1
    (suite,) = [s for s in tree["testsuite"] if s["@name"] == "infralint"]
    assert suite["testcase"][0]["@name"] == "broken.tf"


def test_gitlab_code_quality_validates_and_fingerprints_survive_moved_lines(tmp_path):
    schema = json.loads((SCHEMAS / "gitlab-code-quality.json").read_text())
    issues = json.loads(report("gitlab"))
    jsonschema.validate(issues, schema)
    assert [
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [(f["rule_id"], f"{DEMO}/{f['path']}", f["start_line"]) for f in demo_findings()]
    assert len({i["fingerprint"] for i in issues}) == len(issues)

    subprocess.run(["cp", "-r", str(ROOT / DEMO), str(tmp_path / "demo")], check=True)
    before = json.loads(report("gitlab", cwd=tmp_path / "demo"))
    database = tmp_path / "demo" / "terraform" / "database.tf"
    database.write_text("# moved\n\n\n" + database.read_text())
    moved = json.loads(report("gitlab", cwd=tmp_path / "demo"))
    jsonschema.validate(moved, schema)
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in before}

    def lines(issues):
        return [
            i["location"]["lines"]["begin"]
            for i in issues
            if i["location"]["path"] == "terraform/database.tf"
        ]

    assert lines(before) and lines(moved) == [n + 3 for n in lines(before)]


def test_markdown_and_html_neutralise_markup_from_the_scanned_tree(tmp_path):
    (tmp_path / "compose.yaml").write_text(HOSTILE_COMPOSE)
    markdown = infralint("scan", ".", "--format", "markdown", cwd=tmp_path).stdout
    assert not re.search(r"(?<!\\)(<img|\]\(http://e|\|\*a)", markdown)
    assert r"\<img src=x onerror=alert(1)\>\[x\](http://e.test)\|\*a\*" in markdown
    page = infralint("scan", ".", "--format", "html", cwd=tmp_path).stdout
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_junit_carries_no_line_break_from_a_file_name(tmp_path):
    """A name with CR/LF must not start a line of its own in the XML: printed in a CI log, a
    line ``::error::...`` would be a workflow command."""
    folder = tmp_path / "d\r\n::error::evil"
    folder.mkdir()
    (folder / "m.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'
    )
    xml = infralint("scan", ".", "--format", "junit", cwd=tmp_path).stdout
    assert "IL101" in xml
    assert not any(line.lstrip().startswith("::") for line in xml.splitlines()), xml


def test_html_is_self_contained():
    page = report("html")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    links = set(re.findall(r'href="([^"]+)"', page))
    assert links == {
        f"https://github.com/infralint/infralint/blob/main/docs/rules/{f['rule_id']}.md"
        for f in demo_findings()
    }


@pytest.mark.skipif(  # CI installs it (.ci/run): there a missing browser fails the test
    browser.executable() is None and not os.environ.get("CI"), reason="chromium is not installed"
)
def test_html_report_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    done = infralint("scan", DEMO, "--format", "html", "--output", page)
    assert done.returncode == 1, done.stderr
    findings = demo_findings()
    visible = (
        "[...document.querySelectorAll('article.finding')].filter(a => !a.hidden)"
        ".map(a => [a.dataset.rule, a.querySelector('.loc').textContent])"
    )
    with browser.Browser() as chromium:
        chromium.open(page.as_uri())
        shown = chromium.evaluate(visible)
        assert sorted(shown) == sorted(
            [f["rule_id"], f"{DEMO}/{f['path']}:{f['start_line']}"] for f in findings
        )
        assert chromium.evaluate("document.getElementById('shown').textContent") == (
            f"{len(findings)} of {len(findings)} shown"
        )
        counts = chromium.evaluate(
            "[...document.querySelectorAll('.counts button')].map(b => b.textContent)"
        )
        expected = demo_counts()
        assert counts == [f"{expected[s]} {s}" for s in ("high", "medium", "low") if s in expected]

        chromium.evaluate("document.querySelector('.counts button[data-severity=medium]').click()")
        medium = [
            [f["rule_id"], f"{DEMO}/{f['path']}:{f['start_line']}"]
            for f in findings
            if f["severity"] == "medium"
        ]
        assert sorted(chromium.evaluate(visible)) == sorted(medium)
        assert chromium.evaluate(
            "document.querySelector('section.severity[data-severity=high]').hidden"
        )

        chromium.evaluate(
            "const s = document.getElementById('filter-severity'); s.value = '';"
            "s.dispatchEvent(new Event('change'));"
            "const r = document.getElementById('filter-rule'); r.value = 'IL101';"
            "r.dispatchEvent(new Event('change'))"
        )
        assert sorted(chromium.evaluate(visible)) == sorted(
            [f["rule_id"], f"{DEMO}/{f['path']}:{f['start_line']}"]
            for f in findings
            if f["rule_id"] == "IL101"
        )
        chromium.evaluate(
            "const p = document.getElementById('filter-path'); p.value = 'compose';"
            "p.dispatchEvent(new Event('input'))"
        )
        assert chromium.evaluate(visible) == [["IL101", f"{DEMO}/docker-compose.yml:17"]]

        screenshot = tmp_path / "report.png"
        chromium.screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_no_format_prints_a_secret_of_the_demo_stack(fmt):
    text = report(fmt)
    for secret in ("Tr0ub4dor&3-horse", "devpass-8d2f1c", "Tr0ub4", "devpas"):
        assert secret not in text and secret.replace("&", "&amp;") not in text
    if fmt == "html":
        assert "Tr0u****" in text  # the source line is shown, masked
