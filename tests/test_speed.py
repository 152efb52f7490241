"""The parse stage's speed machinery changes nothing but speed: the same report in one process
or a worker process, with a cold, warm or no cache; a changed file is parsed again; a parse that
runs too long is reported and the scan goes on."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from infralint import cache, workers
from infralint.cli import main
from infralint.parse import ParseError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
_ROW = "a = [" + ", ".join(str(i) for i in range(200)) + "]\n"
SLOW_HCL = "locals {\n" + _ROW * 3000 + "}\n"  # about 2.6 MB: seconds of parsing


def scan(path, *args: str) -> str:
    result = CliRunner().invoke(main, ["scan", str(path), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _in_worker(monkeypatch) -> None:
    """Parse every file in a worker process, as large files are."""
    monkeypatch.setattr(workers, "WORKER_MIN_BYTES", 0)


@pytest.fixture
def in_worker(monkeypatch):
    _in_worker(monkeypatch)


@pytest.fixture
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, modules=4, seed=7)
    return out


def _same_everywhere(path: Path, cache_dir: Path, monkeypatch) -> str:
    """In this process, then in a worker process, with and without the cache: one report."""
    reference = scan(path, "--jobs", "1", "--no-cache")
    assert json.loads(reference)["findings"]
    runs = {
        "jobs 2, cold cache": scan(path, "--jobs", "2", "--cache-dir", str(cache_dir)),
        "jobs 2, warm cache": scan(path, "--jobs", "2", "--cache-dir", str(cache_dir)),
    }
    _in_worker(monkeypatch)
    runs["worker, no cache"] = scan(path, "--jobs", "1", "--no-cache")
    runs["worker, warm cache"] = scan(path, "--jobs", "2", "--cache-dir", str(cache_dir))
    for label, output in runs.items():
        assert output == reference, label
    return reference


def test_fixtures_report_the_same_in_every_mode(monkeypatch, tmp_path):
    _same_everywhere(FIXTURES, tmp_path / "cache", monkeypatch)


def test_generated_corpus_reports_the_same_in_every_mode(monkeypatch, corpus, tmp_path):
    _same_everywhere(corpus, tmp_path / "cache", monkeypatch)


def _template(public: bool) -> str:
    """A CloudFormation template large enough to be cached (``workers.CACHE_MIN_BYTES``)."""
    notes = "".join(f"  Note{i}: {'reviewed by the platform team ' * 2}\n" for i in range(150))
    text = (
        f"Metadata:\n{notes}Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n"
        f"    Properties:\n      PubliclyAccessible: {str(public).lower()}\n"
    )
    assert len(text) >= workers.CACHE_MIN_BYTES
    return text


def test_a_changed_file_is_parsed_again(tmp_path):
    (tmp_path / "src").mkdir()
    template = tmp_path / "src" / "template.yaml"
    template.write_text(_template(public=True), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = json.loads(scan(tmp_path / "src", "--cache-dir", str(cache_dir)))
    assert "IL101" in [f["rule_id"] for f in first["findings"]]
    assert any(len(p.name) == 64 for p in cache_dir.iterdir())
    template.write_text(_template(public=False), encoding="utf-8")
    second = scan(tmp_path / "src", "--cache-dir", str(cache_dir))
    assert "IL101" not in [f["rule_id"] for f in json.loads(second)["findings"]]
    assert second == scan(tmp_path / "src", "--no-cache")


def test_a_corrupt_cache_entry_is_a_miss(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "template.yaml").write_text(_template(public=True), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    expected = scan(src, "--cache-dir", str(cache_dir))
    assert json.loads(expected)["findings"]
    for entry in cache_dir.iterdir():
        if len(entry.name) == 64:
            entry.write_bytes(b"\x00garbage")
    assert scan(src, "--cache-dir", str(cache_dir)) == expected


def test_parse_errors_keep_their_line_in_every_mode(monkeypatch, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "broken.tf").write_text('resource "x" "y" {\n  a = \n}\n}\n', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cold = scan(src, "--cache-dir", str(cache_dir))
    assert [d["line"] for d in json.loads(cold)["diagnostics"]] == [2]
    assert scan(src, "--cache-dir", str(cache_dir)) == cold == scan(src, "--no-cache")
    _in_worker(monkeypatch)
    assert scan(src, "--no-cache") == cold


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_slow_parse_times_out_and_the_scan_goes_on(in_worker, tmp_path, jobs):
    (tmp_path / "slow.tf").write_text(SLOW_HCL, encoding="utf-8")
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n', encoding="utf-8"
    )
    out = json.loads(scan(tmp_path, "--jobs", jobs, "--parse-timeout", "0.5", "--no-cache"))
    assert [(d["path"], d["message"]) for d in out["diagnostics"]] == [
        ("slow.tf", "parse timed out after 0.5s")
    ]
    assert [f["rule_id"] for f in out["findings"] if f["category"] == "public-database"] == [
        "IL101"
    ]


def test_a_timed_out_file_is_not_cached(tmp_path):
    store = cache.Cache(str(tmp_path / "cache"))
    result = workers.parse_all([("slow.tf", "hcl", SLOW_HCL)], 1, 0.2, store)
    assert getattr(result["slow.tf"], "message", result["slow.tf"]) == "parse timed out after 0.2s"
    assert not (tmp_path / "cache").exists() or not any(
        len(p.name) == 64 for p in (tmp_path / "cache").iterdir()
    )


def test_errors_are_encoded_and_terraform_trees_are_not():
    error = cache.decode(cache.encode("hcl", ParseError("invalid HCL: x", 3)))
    assert (error.message, error.line) == ("invalid HCL: x", 3)
    with pytest.raises(ValueError):
        cache.encode("hcl", object())


def test_the_cache_key_depends_on_text_and_format(tmp_path):
    store = cache.Cache(str(tmp_path))
    assert store.key("hcl", "a = 1") == store.key("hcl", "a = 1")
    assert store.key("hcl", "a = 1") != store.key("hcl", "a = 2")
    assert store.key("json", "{}") != store.key("yaml", "{}")


def test_config_defaults_match_the_model():
    from infralint import config

    def plain(ns):
        return {k: plain(v) if hasattr(v, "__dict__") else v for k, v in vars(ns).items()}

    assert plain(config.defaults()) == config.Config().model_dump()


def test_one_file_scan_imports_only_what_it_needs(tmp_path):
    """No pydantic without a configuration file, no python-hcl2 or Lark, no other format's
    parser, cold or warm."""
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    probe = textwrap.dedent(
        f"""\
        import sys
        from infralint.cli import main
        try:
            main(["scan", {str(tmp_path / "main.tf")!r}, "--cache-dir",
                  {str(tmp_path / "cache")!r}])
        except SystemExit:
            pass
        heavy = ("pydantic", "hcl2", "lark", "yaml", "infralint.parse.dockerfile")
        print("imported:", *sorted(m for m in heavy if m in sys.modules))
        """
    )

    def imported() -> str:
        run = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        return run.stdout.splitlines()[-1].removeprefix("imported:").strip()

    assert imported() == ""  # cold
    assert imported() == ""  # warm: from the cache


def test_cache_writes_in_the_background_and_flush_waits(tmp_path):
    store = cache.Cache(str(tmp_path / "cache"))
    keys = [store.key("yaml", f"a: {i}\n") for i in range(50)]
    for i, key in enumerate(keys):
        store.put(key, f"entry {i}".encode())
    store.flush()
    assert [store.get(key) for key in keys] == [f"entry {i}".encode() for i in range(50)]
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp-")]
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    unwritable = cache.Cache(str(blocked / "cache"))
    unwritable.put(keys[0], b"x")
    unwritable.flush()  # a cache that cannot be written is only slower
    assert unwritable.get(keys[0]) is None


def test_only_what_costs_more_to_parse_than_to_load_is_cached(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.yaml").write_text(_template(public=True), encoding="utf-8")
    (src / "small.yaml").write_text(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", encoding="utf-8"
    )
    (src / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    scan(src, "--cache-dir", str(cache_dir))
    entries = [p for p in cache_dir.iterdir() if len(p.name) == 64]
    kinds = sorted(cache.decode(p.read_bytes()).__class__.__name__ for p in entries)
    assert kinds == ["Document"]  # the big template


def test_the_library_installs_no_signal_handler(monkeypatch, tmp_path):
    """The parse time limit needs no timer signal: nothing asynchronous interrupts library
    code, and a scan run from any thread behaves the same."""
    import signal

    calls = []
    monkeypatch.setattr(signal, "signal", lambda *args: calls.append(args))
    monkeypatch.setattr(signal, "setitimer", lambda *args: calls.append(args), raising=False)
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n', encoding="utf-8"
    )
    result = workers.parse_all([("db.tf", "hcl", (tmp_path / "db.tf").read_text())], 1, 5.0)
    assert hasattr(result["db.tf"], "blocks") and calls == []
