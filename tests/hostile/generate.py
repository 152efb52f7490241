"""Hostile inputs for the scanner, written at test time (nothing big is committed).

    python tests/hostile/generate.py DIR     # write every case under DIR (to try by hand)

Each case is a directory of files plus what the scan must say about it: a diagnostic whose
message contains ``diagnostic`` on ``path`` (or no diagnostic needed when it is ""), and the
findings that must still be reported (``(path, line, rule id)``).
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEEP = 10_000
BIG = 50 * 1024 * 1024

PUBLIC_DB = 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'
PUBLIC_DB_CFN = (
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties:\n"
    "      PubliclyAccessible: true\n"
)

NEW_BLOCKS = (
    "terraform {\n  required_providers {\n"
    '    aws = { source = "hashicorp/aws" }\n  }\n}\n'
    "moved {\n  from = aws_instance.a\n  to   = aws_instance.b\n}\n"
    'import {\n  to = aws_s3_bucket.b\n  id = "bucket"\n}\n'
    'check "health" {\n  assert {\n    condition     = true\n'
    '    error_message = "down"\n  }\n}\n'
    "removed {\n  from = aws_instance.old\n}\n"
    'something_new "a" "b" "c" {\n  x = 1\n  nested { y = 2 }\n}\n'
    'resource "aws_s3_bucket" "b" {\n'
    '  bucket = provider::aws::arn_parse("arn:aws:s3:::b").resource\n'
    '  tags   = { a = provider::aws::trim_iam_role_path("x") }\n}\n' + PUBLIC_DB
)


@dataclass
class Case:
    name: str
    files: dict[str, bytes]
    diagnostic: str = ""  # part of the message of a diagnostic on `path`
    path: str = ""  # the file the diagnostic is about (default: the only file)
    findings: set[tuple[str, int, str]] = field(default_factory=set)
    big: bool = False  # slow to write: only in the full run

    def write(self, root: Path) -> Path:
        folder = root / self.name
        folder.mkdir(parents=True, exist_ok=True)
        for rel, data in self.files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder


def _nested(open_: str, close: str, depth: int, inner: str = "1") -> str:
    return open_ * depth + inner + close * depth


def cases() -> list[Case]:
    yaml_bomb = "AWSTemplateFormatVersion: '2010-09-09'\n" + "".join(
        f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 10 if i else ["lol"] * 10) + "]\n"
        for i in range(10)
    )
    yaml_bomb += "Resources:\n  Bomb:\n    Type: AWS::S3::Bucket\n    Properties:\n"
    yaml_bomb += "      Tags: *x9\n"
    return [
        Case(
            "invalid-utf8",
            {"main.tf": b'resource "aws_s3_bucket" "b" {\n  bucket = "\xff\xfe\xc3"\n}\n'},
            "not valid UTF-8 (byte 0xff at line 2)",
        ),
        Case(
            "utf16-bom",
            {"main.tf": b"\xff\xfe" + PUBLIC_DB.encode("utf-16-le")},
            findings={("main.tf", 2, "IL101")},
        ),
        Case(
            "utf8-bom",
            {"main.tf": b"\xef\xbb\xbf" + PUBLIC_DB.encode()},
            findings={("main.tf", 2, "IL101")},
        ),
        Case(
            "crlf",
            {
                "main.tf": ("# comment\n\n" + PUBLIC_DB).replace("\n", "\r\n").encode(),
                "template.yaml": PUBLIC_DB_CFN.replace("\n", "\r\n").encode(),
                "docker-compose.yml": b"services:\r\n  db:\r\n    image: postgres:16\r\n"
                b"    ports:\r\n      - '5432:5432'\r\n",
            },
            findings={
                ("main.tf", 4, "IL101"),
                ("template.yaml", 6, "IL101"),
                ("docker-compose.yml", 5, "IL101"),
            },
        ),
        Case(
            "nul-bytes",
            {"main.tf": PUBLIC_DB.encode().replace(b"aws_db", b"aws\x00db")},
            "binary file (contains NUL bytes)",
        ),
        Case(
            "fifty-megabytes",
            {"huge.tf": b"# padding\n" * (BIG // 10)},
            "is more than the",
            big=True,
        ),
        Case(
            "deep-hcl-expression",
            {"main.tf": f"locals {{\n  x = {_nested('[', ']', DEEP)}\n}}\n".encode()},
        ),
        Case(
            "deep-hcl-blocks",
            {"main.tf": (_nested("a {\n", "}\n", DEEP, "")).encode()},
        ),
        Case(
            "deep-hcl-object",
            {
                "main.tf": (
                    'resource "aws_s3_bucket" "b" {\n  tags = '
                    + _nested("{a = ", "}", DEEP)
                    + "\n}\n"
                ).encode()
            },
        ),
        Case(
            "deep-yaml-flow",
            {
                "template.yaml": (
                    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n"
                    "    Type: AWS::S3::Bucket\n    Properties:\n      Tags: "
                    + _nested("[", "]", DEEP)
                    + "\n"
                ).encode()
            },
            "nested",
        ),
        Case(
            "deep-yaml-block",
            {
                "template.yaml": (
                    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n"
                    "    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        "
                    + "- " * DEEP
                    + "x\n"
                ).encode()
            },
            "nested",
        ),
        Case(
            "deep-json",
            {
                "template.json": (
                    '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": '
                    '{"Type": "AWS::S3::Bucket", "Properties": {"Tags": '
                    + _nested("[", "]", DEEP)
                    + "}}}}"
                ).encode(),
                "terraform.tfvars.json": ('{"x": ' + _nested("[", "]", DEEP) + "}").encode(),
                "main.tf": b'variable "x" {}\n',
            },
            "nested deeper than",
            path="template.json",
        ),
        Case("yaml-alias-bomb", {"template.yaml": yaml_bomb.encode()}, "alias bomb"),
        Case(
            "compose-alias-bomb",
            {
                "docker-compose.yml": (
                    yaml_bomb.split("Resources:")[0].replace(
                        "AWSTemplateFormatVersion: '2010-09-09'\n", ""
                    )
                    + "services:\n  app:\n    image: nginx\n    command: *x9\n"
                ).encode()
            },
            "alias bomb",
        ),
        Case(
            "cfn-type-mapping",
            {
                "template.yaml": (
                    PUBLIC_DB_CFN
                    + "  Odd:\n    Type:\n      Name: AWS::S3::Bucket\n    Properties: {}\n"
                ).encode()
            },
            "Type must be a string",
            findings={("template.yaml", 6, "IL101")},
        ),
        Case(
            "cfn-foreach",
            {
                "template.yaml": (
                    b"AWSTemplateFormatVersion: '2010-09-09'\n"
                    b"Transform: AWS::LanguageExtensions\n"
                    b"Resources:\n"
                    b"  Fn::ForEach::Buckets:\n"
                    b"    - Name\n"
                    b"    - [a, b]\n"
                    b"    - Bucket${Name}:\n"
                    b"        Type: AWS::S3::Bucket\n"
                    b"  Db:\n"
                    b"    Type: AWS::RDS::DBInstance\n"
                    b"    Properties:\n"
                    b"      PubliclyAccessible: true\n"
                )
            },
            "Fn::ForEach is not expanded",
            findings={("template.yaml", 12, "IL101")},
        ),
        Case(
            "cfn-unknown-transform",
            {
                "template.yaml": PUBLIC_DB_CFN.replace(
                    "Resources:", "Transform: [Acme::Macro, {Name: AWS::Include}]\nResources:"
                ).encode()
            },
            "transform 'Acme::Macro' is not expanded",
            findings={("template.yaml", 7, "IL101")},
        ),
        Case(
            "cfn-duplicate-keys",
            {
                "template.yaml": (
                    PUBLIC_DB_CFN + "      PubliclyAccessible: false\n"
                    "      PubliclyAccessible: true\n"
                ).encode(),
                "template.json": (
                    b'{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {\n'
                    b'  "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {\n'
                    b'    "PubliclyAccessible": false,\n    "PubliclyAccessible": true}}}}\n'
                ),
            },
            "duplicate key 'PubliclyAccessible'",
            path="template.yaml",
            findings={("template.yaml", 8, "IL101"), ("template.json", 5, "IL101")},
        ),
        Case(
            "compose-services-list",
            {"docker-compose.yml": b"services:\n  - image: postgres\n    ports: ['5432:5432']\n"},
            "`services` must be a mapping",
        ),
        Case("compose-services-null", {"docker-compose.yml": b"services:\nvolumes:\n"}),
        Case(
            "compose-odd-values",
            {
                "docker-compose.yml": b"services:\n  db:\n    image: [postgres]\n"
                b"    ports: 5432\n    volumes: {a: b}\n    environment: 3\n"
                b"  cache: null\n  other: [1, 2]\n"
            },
        ),
        Case(
            "terraform-new-blocks",
            {"main.tf": NEW_BLOCKS.encode()},
            findings={("main.tf", NEW_BLOCKS.count("\n") - 1, "IL101")},
        ),
        Case(
            "terraform-odd-values",
            {
                "main.tf": (
                    b'resource "aws_db_instance" "a" {\n  count = -3\n}\n'
                    b'resource "aws_db_instance" "b" {\n  count = 100000000000\n'
                    b"  publicly_accessible = 1\n}\n"
                    b'resource "aws_db_instance" "c" {\n  for_each = 3\n}\n'
                    b'resource "aws_security_group" "d" {\n  ingress = "x"\n  ingress {}\n}\n'
                    b'resource "aws_security_group" "e" {\n  dynamic "ingress" {\n'
                    b"    for_each = [1]\n  }\n}\n"
                    b"locals {\n  a = local.b\n  b = local.a\n"
                    b"  c = [for x in range(100000) : x]\n}\n"
                    b'resource "aws_s3_bucket" "f" {\n  bucket = "${local.c[99999]}"\n}\n'
                    b'variable "v" {\n  default = { a = 1 }\n}\n'
                    b'module "m" {\n  source = "./nowhere"\n}\n'
                    b'module "self" {\n  source = "./"\n}\n'
                )
            },
        ),
        Case(
            "truncated-heredoc",
            {"main.tf": b'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement": [\n'},
            "invalid HCL",
        ),
        Case(
            "unterminated-string",
            {"main.tf": b'resource "aws_s3_bucket" "b" {\n  bucket = "' + b"a" * 5000 + b"\n}\n"},
            "invalid HCL",
        ),
    ]


def special_files(folder: Path) -> None:
    """Files that are not regular files: a symlink loop, a dangling symlink, a FIFO, a
    socket."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    (folder / "dangling.tf").symlink_to(folder / "does-not-exist.tf")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.tf")
    if hasattr(socket, "AF_UNIX"):
        path = folder / "sock.yaml"
        if len(str(path)) < 100:
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(str(path))
            server.close()


def outside_root(root: Path, outside: Path) -> None:
    """Symlinks from inside the scan root to a secret outside it (a file and a directory),
    and a module call through such a link."""
    outside.mkdir(parents=True, exist_ok=True)
    secret = 'resource "aws_db_instance" "leak" {\n  password = "Outside-Root-Secret-93x"\n}\n'
    (outside / "secret.tf").write_text(secret)
    (outside / "id_rsa").write_text(
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7outside\n-----END RSA PRIVATE KEY-----\n"
    )
    root.mkdir(parents=True, exist_ok=True)
    (root / "linked.tf").symlink_to(outside / "secret.tf")
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    (root / "modules").mkdir(exist_ok=True)
    (root / "modules" / "out").symlink_to(outside, target_is_directory=True)
    (root / "main.tf").write_text('module "out" {\n  source = "./modules/out"\n}\n')


def write_all(root: Path, big: bool = True) -> list[Case]:
    written = []
    for case in cases():
        if case.big and not big:
            continue
        case.write(root)
        written.append(case)
    special_files(root / "special")
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs")
    for case in write_all(target):
        print(target / case.name)
