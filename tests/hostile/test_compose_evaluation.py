"""Issue 19: compose evaluation is on the scan's budget. Interpolation spends evaluation steps
and bytes, an ``extends`` chain is followed for a bounded number of services, and each limit
costs one diagnostic naming it while the rest of the scan is reported; an ``include`` of a
missing file costs one diagnostic on its line, and the file's own services are kept."""

from __future__ import annotations

import time

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json

DB = "  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"


def _messages(report: dict, path: str) -> list[str]:
    return [d["message"] for d in report["diagnostics"] if d["path"] == path]


def test_interpolation_left_open_forty_thousand_times_is_bounded(tmp_path):
    image = "'" + "${A:-" * 40_000 + "'"
    write(tmp_path, {"compose.yaml": f"services:\n  web:\n    image: {image}\n{DB}"})
    started = time.monotonic()
    code, report = scan_json(tmp_path)
    assert time.monotonic() - started < 30
    assert code == 1
    assert found(report, "compose.yaml", "IL101", "services.db")


def test_interpolation_beyond_the_step_budget_costs_one_diagnostic(tmp_path):
    variables = " ".join(f"${{V{i}:-x}}" for i in range(200))
    compose = f"services:\n  web:\n    image: nginx:1.27\n    command: '{variables}'\n{DB}"
    config = "[limits]\neval_steps = 50\n"
    write(tmp_path, {"compose.yaml": compose, ".infralint.toml": config, "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    named = [m for m in _messages(report, "compose.yaml") if "[limits] eval_steps" in m]
    assert len(named) == 1, _messages(report, "compose.yaml")
    assert found(report, "compose.yaml", "IL101", "services.db")
    assert found(report, "valid/db.tf")


def test_a_long_extends_chain_is_cut_with_one_diagnostic(tmp_path):
    lines = ["services:", "  s0:", "    image: nginx:1.27", "    environment: {A0: x}"]
    for i in range(1, 4000):
        lines += [f"  s{i}:", f"    extends: s{i - 1}", f"    environment: {{A{i}: x}}"]
    compose = "\n".join(lines) + "\n" + DB
    assert len(compose) > 200_000
    write(tmp_path, {"compose.yaml": compose, "valid/db.tf": PUBLIC_DB})
    started = time.monotonic()
    code, report = scan_json(tmp_path)
    assert time.monotonic() - started < 60
    assert code == 1
    named = [m for m in _messages(report, "compose.yaml") if "longer than 20 services" in m]
    assert len(named) == 1, _messages(report, "compose.yaml")
    assert found(report, "compose.yaml", "IL101", "services.db")
    assert found(report, "valid/db.tf")


def test_an_include_of_a_missing_file_is_named_on_its_line(tmp_path):
    compose = "include:\n  - base.yaml\n  - missing.yaml\nservices:\n" + DB
    base = "services:\n  cache:\n    image: redis:7\n    ports: ['6379:6379']\n"
    write(tmp_path, {"compose.yaml": compose, "base.yaml": base, "valid/db.tf": PUBLIC_DB})
    code, report = scan_json(tmp_path)
    assert code == 1
    problems = [(d["path"], d["line"], d["message"]) for d in report["diagnostics"]]
    assert problems == [
        (
            "compose.yaml",
            3,
            "include 'missing.yaml': no such file; the services it adds are unknown",
        )
    ]
    assert found(report, "compose.yaml", "IL101", "services.db")
    assert found(report, "base.yaml", "IL101", "services.cache")
    assert found(report, "valid/db.tf")
