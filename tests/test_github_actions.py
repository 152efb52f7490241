"""The GitHub Actions format, through the real command line: which files are workflows and
actions, triggers in every form, exact spans inside `run:` blocks, resource addresses,
suppression comments, secrets, and the `first_party_owners` option."""

from __future__ import annotations

import json

import pytest

from infralint.parse import gha_expr
from tests.conftest import infralint


def _scan(tmp_path, files, *args):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    proc = infralint(
        "scan", tmp_path, "--format", "json", "--no-config", "--exit-zero", "--select", "all", *args
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _found(report, rule=None):
    return [
        (f["path"], f["start_line"], f["start_column"], f["end_column"], f["rule_id"])
        for f in report["findings"]
        if rule is None or f["rule_id"] == rule
    ]


PWN = """\
{on}
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{{{ github.event.pull_request.head.ref }}}}
      - run: make test
"""


@pytest.mark.parametrize(
    "on",
    [
        "on: pull_request_target",  # YAML 1.1 reads this bare `on` key as true
        "on: [push, pull_request_target]",
        "'on':\n  pull_request_target:\n    types: [opened]",
        '"on": {pull_request_target: {}}',
        "on:\n  - pull_request_target",
        "on: {pull_request_target: {branches: [main]}, push: {}}",
    ],
)
def test_every_form_of_on_is_read(tmp_path, on):
    report = _scan(tmp_path, {".github/workflows/t.yml": PWN.format(on=on)})
    line = 10 + on.count("\n")
    assert _found(report, "IL1402") == [(".github/workflows/t.yml", line, 11, 57, "IL1402")]


def test_no_privileged_trigger_no_pwn_request(tmp_path):
    report = _scan(tmp_path, {".github/workflows/t.yml": PWN.format(on="on: pull_request")})
    assert _found(report, "IL1402") == []


RUN_BLOCKS = """\
on: issues
permissions: {}
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo start
            echo "${{ github.event.issue.title }}"
      - run: >-
          echo one
          ${{github.event.issue.body}} two
      - run: "echo ${{ github.head_ref }}"
      - run: echo '${{ github.event.comment.body }}'
"""


def test_exact_spans_inside_literal_folded_and_quoted_run_blocks(tmp_path):
    report = _scan(tmp_path, {".github/workflows/triage.yml": RUN_BLOCKS})
    path = ".github/workflows/triage.yml"
    assert _found(report, "IL1401") == [
        (path, 9, 19, 50, "IL1401"),
        (path, 12, 11, 39, "IL1401"),
        (path, 13, 20, 42, "IL1401"),
        (path, 14, 20, 52, "IL1401"),
    ]
    lines = RUN_BLOCKS.splitlines()
    for _path, line, col, end, _rule in _found(report, "IL1401"):
        assert lines[line - 1][col - 1 : end - 1].startswith("${{")
        assert lines[line - 1][col - 1 : end - 1].endswith("}}")


def test_addresses_and_attributes(tmp_path):
    workflow = """\
on: push
jobs:
  build:
    permissions:
      contents: read
    runs-on: ubuntu-latest
    steps:
      - run: make
      - run: make test
      - uses: acme/publish@v1
"""
    report = _scan(tmp_path, {".github/workflows/ci.yml": workflow})
    [finding] = [f for f in report["findings"] if f["rule_id"] == "IL1405"]
    assert finding["resource"] == "jobs.build.steps[2]"
    assert finding["attribute"] == "uses"
    assert (finding["start_line"], finding["start_column"]) == (10, 9)


def test_composite_action_and_its_addresses(tmp_path):
    action = """\
name: setup
runs:
  using: composite
  steps:
    - uses: acme/setup@main
"""
    report = _scan(tmp_path, {"tools/setup/action.yaml": action})
    assert [(f["resource"], f["start_line"]) for f in report["findings"]] == [("runs.steps[0]", 5)]


def test_a_workflow_named_alone_as_pre_commit_passes_it(tmp_path):
    workflow = tmp_path / ".github/workflows/lint.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\njobs:\n  lint:\n    uses: acme/ci/.github/workflows/l.yml@v1\n")
    proc = infralint("scan", ".github/workflows/lint.yml", "--format", "json", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert {(f["rule_id"], f["start_line"]) for f in report["findings"]} == {
        ("IL1404", 1),
        ("IL1405", 4),
    }


def test_what_is_not_a_workflow(tmp_path):
    files = {
        # jobs without on: a CI file of another system
        ".gitlab-ci.yml": "jobs:\n  build:\n    uses: acme/build@v1\n",
        # named action.yml, but not an action
        "action.yml": "name: x\nsteps:\n  - uses: acme/x@v1\n",
    }
    report = _scan(tmp_path, files)
    assert report["findings"] == []


def test_suppression_comment(tmp_path):
    workflow = """\
on: push
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      # infralint:ignore IL1405 reason="vendored by the security team, reviewed each release"
      - uses: acme/lint@v2
      - uses: acme/format@v2
"""
    report = _scan(tmp_path, {".github/workflows/lint.yml": workflow})
    found = {(f["start_line"], f["suppressed"]) for f in report["findings"]}
    assert found == {(9, True), (10, False)}


def test_first_party_owners_option(tmp_path):
    workflow = """\
on: push
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/lint@v2
"""
    (tmp_path / ".infralint.toml").write_text(
        '[rules.gha-unpinned-action]\nfirst_party_owners = ["acme"]\n'
    )
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/lint.yml").write_text(workflow)
    proc = infralint("scan", tmp_path, "--format", "json", "--exit-zero", cwd=tmp_path)
    found = [(f["start_line"], f["rule_id"]) for f in json.loads(proc.stdout)["findings"]]
    assert found == [(8, "IL1405")]  # actions/* is now third-party, acme/* first-party


SECRETS = """\
on: push
permissions:
  contents: read
env:
  AWS_ACCESS_KEY_ID: AKIAZ7Q3MPLX4RNV2WQE
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      DB_PASSWORD: Xq7vR2mPz9LkT4wYb8Ns
      API_TOKEN: ${{ secrets.API_TOKEN }}
      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.GH_PAT }}
          password: ${{ secrets.REGISTRY_PASSWORD }}
      - uses: actions/checkout@v4
        with:
          password: Xq7vR2mPz9LkT4wYb8Ns
"""


def test_literal_credentials_are_found_and_secret_references_never(tmp_path):
    report = _scan(tmp_path, {".github/workflows/deploy.yml": SECRETS})
    secrets = {
        (f["start_line"], f["resource"])
        for f in report["findings"]
        if f["category"] == "committed-secret"
    }
    assert secrets == {(5, "workflow"), (10, "jobs.deploy"), (20, "jobs.deploy.steps[1]")}
    assert "Xq7vR2mPz9LkT4wYb8Ns" not in json.dumps(report)


def test_invalid_workflow_is_a_parse_diagnostic(tmp_path):
    report = _scan(tmp_path, {".github/workflows/bad.yml": "on: push\njobs:\n  a: [\n"})
    assert [d["stage"] for d in report["diagnostics"] if d["level"] == "error"] == ["parse"]


def test_expression_references():
    refs = gha_expr.references(
        "contains(github.event.pull_request.labels.*.name, 'x.y') && github['head_ref']"
        " || steps.build.outputs.tag || format('{0}', github.event.commits[0].message)"
        " || fromJSON(env.LIST) || 'secrets.NOT_A_REF'"
    )
    assert refs == (
        "github.event.pull_request.labels.*.name",
        "github.head_ref",
        "steps.build.outputs.tag",
        "github.event.commits.*.message",
        "env.LIST",
    )
    [expr] = gha_expr.find("x ${{ format('}}', secrets.A) }} y", line=3, col=5)
    assert (expr.refs, expr.span.line, expr.span.col, expr.span.end_col) == (
        ("secrets.A",),
        3,
        7,
        37,
    )


def test_odd_shapes_cost_no_error(tmp_path):
    workflow = """\
on: push
x-job: &job
  runs-on: ubuntu-latest
  steps:
    - uses: acme/x@v1
jobs:
  <<: {build: *job}
  test: *job
  odd: [1, 2]
  ~: {steps: [null, 3, {uses: 5}, {run: {a: b}}, {uses: "${{ inputs.action }}"}]}
"""
    report = _scan(tmp_path, {".github/workflows/m.yml": workflow, "action.yml": "runs: 3\n"})
    assert [d for d in report["diagnostics"] if d["level"] == "error"] == []
    assert {(f["resource"], f["start_line"]) for f in report["findings"]} == {
        ("workflow", 1),
        ("jobs.build.steps[0]", 5),  # a merged job is located where it is written
        ("jobs.test.steps[0]", 5),
    }
