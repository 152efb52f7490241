"""Property: whatever tree is scanned — symlinks into and out of it, FIFOs, control characters in
file names, secrets in every position of every format — no secret reaches any output (text,
JSON, SARIF, stderr), and nothing outside the scan root is read.

``INFRALINT_FUZZ_EXAMPLES`` raises the number of generated trees for a long run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infralint.cli import main
from tests.test_secrets_detectors import base62_crc32

SETTINGS = settings(
    max_examples=int(os.environ.get("INFRALINT_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@st.composite
def github_tokens(draw) -> str:
    body = draw(st.text(ALNUM, min_size=30, max_size=30))
    return "ghp_" + body + base62_crc32(body)


# Where a secret is written: {S} is replaced by it. Valid and broken files alike.
PLACES = {
    ".tf": [
        'resource "aws_db_instance" "db" {{\n  password = "{S}"\n}}\n',
        'resource "aws_db_instance" "{S}" {{\n  token = "{S}"\n}}\n',
        'locals {{\n  m = {{ "{S}" = 1 }}\n  s = "x-{S}"\n}}\n',
        'resource "aws_instance" "w" {{\n  user_data = <<EOF\nTOKEN={S}\nEOF\n}}\n',
        '# {S}\nresource "x" "y" {{\n  a = "{S}" !\n}}\n',
        'variable "v" {{\n  default = "{S}"\n}}\n'
        'resource "a" "b" {{\n  n = "${{var.v}}-${{x.y}}"\n}}\n',
        '# infralint:{S} reason=x\nlocals {{\n  t = "{S}"\n}}\n',
    ],
    ".yaml": [
        "services:\n  app:\n    image: nginx\n    environment:\n      TOKEN: {S}\n",
        "services:\n  {S}:\n    image: postgres\n    environment:\n      - T={S}\n",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
        "    Properties:\n      BucketName: !Sub '{S}-${{AWS::Region}}'\n      Tags: [{S}\n",
        "x: [{S}, {{a: {S}\n",
        "services:\n  pg:\n    image: postgres\n    environment:\n      PGDATA: '${{OUTSIDE}}'\n"
        "      TOKEN: {S}\n    env_file: ../outside.env\n",
    ],
    ".json": [
        '{{"Resources": {{"B": {{"Type": "AWS::S3::Bucket", "Properties": {{"N": "{S}"}}}}}}}}',
        '{{"Resources": {{"{S}": {{"Type": "AWS::S3::Bucket"}}}}, x',
    ],
    ".env": ["TOKEN={S}\nDB=postgres://u:{S}@db/x\n"],
    ".sh": ["export GITHUB_TOKEN={S}\ncurl -H 'Authorization: token {S}'\n"],
}
NAME_PARTS = st.sampled_from(["a", "db", "compose", "main", "x\x1b[31m", "r\rn", "u\u2028", "t\t"])


@st.composite
def trees(draw):
    secret = draw(github_tokens())
    files = []
    for _ in range(draw(st.integers(1, 5))):
        suffix = draw(st.sampled_from(sorted(PLACES)))
        template = draw(st.sampled_from(PLACES[suffix]))
        name = draw(NAME_PARTS) + draw(st.sampled_from(["", "-1", "/sub"])) + suffix
        files.append((name, template.format(S=secret)))
    specials = draw(st.lists(st.sampled_from(["link-out", "link-in", "fifo", "loop"]), max_size=3))
    return secret, files, specials


OUTSIDE = "Qw7Er5Ty3Ui1Op9As8Df6Gh4Jk2Lz0Xc"  # lives outside the scan root


def build(base: Path, files, specials) -> Path:
    root = base / "root"
    root.mkdir()
    (base / "outside.env").write_text(f"OUTSIDE={OUTSIDE}\nPGDATA={OUTSIDE}\n")
    (root / "db.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'
    )
    for name, text in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for i, kind in enumerate(specials):
        target = root / f"special{i}"
        if kind == "link-out":
            os.symlink(base / "outside.env", root / ".env" if i == 0 else target)
        elif kind == "link-in":
            os.symlink(root / "db.tf", target.with_suffix(".tf"))
        elif kind == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(target.with_suffix(".env"))
        elif kind == "loop":
            os.symlink(root, target)
    return root


def _scans(root: Path):
    """(format, result) of the scan of ``root`` in each format, unknowns shown."""
    for fmt in ("text", "json", "sarif"):
        yield (
            fmt,
            CliRunner().invoke(
                main,
                ["scan", str(root), "--no-cache", "--show-unknown", "--format", fmt],
                catch_exceptions=False,
            ),
        )


@SETTINGS
@given(trees())
def test_no_secret_reaches_any_output(tree):
    secret, files, specials = tree
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp), files, specials)
        for fmt, done in _scans(root):
            printed = done.stdout + done.stderr
            assert done.exit_code == 1, printed  # db.tf's finding, whatever else happens
            assert "internal error" not in printed
            assert secret[:5] not in printed, (fmt, files, specials)
            assert OUTSIDE[:5] not in printed, (fmt, files, specials)


SHORT_PLACES = [
    ("main.tf", 'resource "aws_db_instance" "db" {{\n  password = "{P}"\n}}\n'),
    (
        "compose.yaml",
        "services:\n  db:\n    image: postgres\n    environment:\n      DB_PASSWORD: {P}\n"
        "    ports: ['5432:5432']\n",
    ),
    ("app/.env", "DB_PASSWORD={P}\n"),
    ("deploy.sh", "export DB_PASSWORD='{P}'\nmysql -p'{P}'\n"),
]


@SETTINGS
@given(
    st.text(ALNUM, min_size=5, max_size=9).map(lambda s: f"Q{s}7"),
    st.lists(st.sampled_from(SHORT_PLACES), min_size=1, max_size=4, unique=True),
)
def test_no_short_password_reaches_any_output(password, places):
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp), [(n, t.format(P=password)) for n, t in places], [])
        for fmt, done in _scans(root):
            printed = done.stdout + done.stderr
            assert done.exit_code == 1, printed
            assert password not in printed, (fmt, places)
