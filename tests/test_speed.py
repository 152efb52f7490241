"""The parse stage's speed machinery changes nothing but speed: the same report from the
hand-written HCL parser or Lark, in one process or a pool, with a cold, warm or no cache; a
changed file is parsed again; a parse that runs too long is reported and the scan goes on."""

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
from infralint.parse import terraform as hcl
from infralint.parse.hcl import Leaf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# An unterminated string that makes python-hcl2's string regex backtrack for minutes.
_ROW = "a = [" + ", ".join(str(i) for i in range(200)) + "]\n"
SLOW_HCL = "locals {\n" + _ROW * 3000 + "}\n"  # about 2.6 MB: seconds of parsing


def scan(path, *args: str) -> str:
    result = CliRunner().invoke(main, ["scan", str(path), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _lark_in_pool(monkeypatch) -> None:
    """Hand every Terraform file Lark can read to Lark, and Lark's files to the worker pool
    however few."""
    from infralint.parse import hcl as fast

    def hand_over(text: str):
        parser = fast._Parser(fast.tokenize(text))
        tree = parser.start()
        if parser.separated:  # object elements after an operation: only this parser reads them
            return tree
        raise fast.Unsupported("handed to Lark")

    monkeypatch.setattr(fast, "parse", hand_over)
    monkeypatch.setattr(workers, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 0)


@pytest.fixture
def lark_in_pool(monkeypatch):
    _lark_in_pool(monkeypatch)


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
    """The hand-written parser in one process, then Lark in the pool, with and without the
    cache: one report."""
    reference = scan(path, "--jobs", "1", "--no-cache")
    assert json.loads(reference)["findings"]
    _lark_in_pool(monkeypatch)
    runs = {
        "jobs 2, no cache": scan(path, "--jobs", "2", "--no-cache"),
        "jobs 2, cold cache": scan(path, "--jobs", "2", "--cache-dir", str(cache_dir)),
        "jobs 2, warm cache": scan(path, "--jobs", "2", "--cache-dir", str(cache_dir)),
        "jobs 1, warm cache": scan(path, "--jobs", "1", "--cache-dir", str(cache_dir)),
        "jobs 1, Lark, no cache": scan(path, "--jobs", "1", "--no-cache"),
    }
    for label, output in runs.items():
        assert output == reference, label
    assert any(cache_dir.iterdir())
    return reference


def test_fixtures_report_the_same_in_every_mode(monkeypatch, tmp_path):
    _same_everywhere(FIXTURES, tmp_path / "cache", monkeypatch)


def test_generated_corpus_reports_the_same_in_every_mode(monkeypatch, corpus, tmp_path):
    _same_everywhere(corpus, tmp_path / "cache", monkeypatch)


def test_only_files_that_need_lark_go_to_the_pool(monkeypatch, tmp_path):
    for i in range(4):  # a key named `for`: the hand-written parser hands the file to Lark
        (tmp_path / f"db{i}.tf").write_text(
            f'resource "aws_db_instance" "db{i}" {{\n  publicly_accessible = true\n'
            '  tags                = { for = "reporting" }\n}\n',
            encoding="utf-8",
        )
    (tmp_path / "plain.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    used = []
    original = workers._in_pool
    monkeypatch.setattr(workers, "_in_pool", lambda *a: used.append(a) or original(*a))
    monkeypatch.setattr(workers, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 0)
    pooled = scan(tmp_path, "--jobs", "2", "--no-cache")
    assert [(sorted(t[0] for t in todo), size) for todo, size, *_ in used] == [
        ([f"db{i}.tf" for i in range(4)], 2)
    ]
    assert len(json.loads(pooled)["findings"]) == 4
    assert pooled == scan(tmp_path, "--jobs", "1", "--no-cache")


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


def test_parse_errors_are_cached_with_their_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "broken.tf").write_text('resource "x" "y" {\n  a = \n}\n}\n', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cold = scan(src, "--cache-dir", str(cache_dir))
    assert json.loads(cold)["diagnostics"][0]["line"] > 0
    assert any(len(p.name) == 64 for p in cache_dir.iterdir())  # Lark's answer is kept
    assert scan(src, "--cache-dir", str(cache_dir)) == cold == scan(src, "--no-cache")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_slow_parse_times_out_and_the_scan_goes_on(lark_in_pool, tmp_path, jobs):
    (tmp_path / "slow.tf").write_text(SLOW_HCL, encoding="utf-8")
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n', encoding="utf-8"
    )
    out = json.loads(scan(tmp_path, "--jobs", jobs, "--parse-timeout", "0.5", "--no-cache"))
    assert [(d["path"], d["message"]) for d in out["diagnostics"]] == [
        ("slow.tf", "parse timed out after 0.5s")
    ]
    assert [f["rule_id"] for f in out["findings"]] == ["IL101"]


def test_a_timed_out_file_is_not_cached(tmp_path):
    store = cache.Cache(str(tmp_path / "cache"))
    result = workers.parse_all([("slow.tf", "hcl", SLOW_HCL)], 1, 0.2, store)
    assert getattr(result["slow.tf"], "message", result["slow.tf"]) == "parse timed out after 0.2s"
    assert not (tmp_path / "cache").exists() or not any(
        len(p.name) == 64 for p in (tmp_path / "cache").iterdir()
    )


def test_encoding_keeps_every_token_position():
    text = textwrap.dedent(
        """\
        resource "aws_iam_policy" "p" {
          name   = "${var.name}-x"
          policy = jsonencode({ Statement = [for s in local.s : { Action = s }] })
          doc    = <<EOF
        {"a": 1}
        EOF
          dynamic "ingress" {
            for_each = var.ports
            content { from_port = ingress.value * 2 }
          }
        }
        """
    )
    body = hcl.parse(text).body
    again = cache.decode(cache.encode("hcl", body))

    def same(a, b):
        assert type(a) is type(b)
        if isinstance(a, Leaf):
            assert (str(a), a.type, a.line, a.column, a.end_line, a.end_column) == (
                str(b),
                b.type,
                b.line,
                b.column,
                b.end_line,
                b.end_column,
            )
            return
        assert (a.data, a.line, a.column, a.end_line, a.end_column) == (
            b.data,
            b.line,
            b.column,
            b.end_line,
            b.end_column,
        )
        assert len(a.children) == len(b.children)
        for x, y in zip(a.children, b.children, strict=True):
            same(x, y)

    def walk(a, b):
        assert list(a.attributes) == list(b.attributes)
        for name, attr in a.attributes.items():
            assert attr.span == b.attributes[name].span
            same(attr.expr, b.attributes[name].expr)
        assert [(x.type, x.labels, x.span) for x in a.blocks] == [
            (y.type, y.labels, y.span) for y in b.blocks
        ]
        for x, y in zip(a.blocks, b.blocks, strict=True):
            walk(x.body, y.body)

    walk(body, again)
    error = cache.decode(cache.encode("hcl", ParseError("invalid HCL: x", 3)))
    assert (error.message, error.line) == ("invalid HCL: x", 3)


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
    """No pydantic without a configuration file; no Lark for a file the hand-written HCL parser
    reads, cold or warm."""
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
        heavy = ("pydantic", "hcl2", "lark", "yaml")
        print("imported:", *sorted(m for m in heavy if m in sys.modules))
        """
    )

    def imported() -> str:
        run = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        return run.stdout.splitlines()[-1].removeprefix("imported:").strip()

    assert imported() == ""  # cold: parsed without Lark
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
    (src / "lark.tf").write_text('locals {\n  tags = { for = "x" }\n}\n', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    scan(src, "--cache-dir", str(cache_dir))
    entries = [p for p in cache_dir.iterdir() if len(p.name) == 64]
    kinds = sorted(cache.decode(p.read_bytes()).__class__.__name__ for p in entries)
    assert kinds == ["Body", "Document"]  # the big template, and the file Lark parsed
