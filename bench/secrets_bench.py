"""Benchmark of ``infralint.secrets.scan_text``.

Generates (seeded, so every run scans the same bytes) about 10 MB of mixed text files:
Terraform, CloudFormation YAML, docker-compose, Kubernetes, GitHub workflows, .env, JSON lock
files, shell scripts and markdown, with a handful of planted secrets. Then times ``scan_text``
over every file (texts already in memory) several times and prints the median.

    PYTHONPATH=. python bench/secrets_bench.py [--mb 10] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import tempfile
import time
from collections import Counter
from pathlib import Path

from infralint.secrets import scan_text
from infralint.secrets.patterns import base62_crc32

WORDS = [
    "app",
    "api",
    "web",
    "worker",
    "db",
    "cache",
    "queue",
    "billing",
    "orders",
    "users",
    "auth",
    "search",
    "audit",
    "logs",
    "metrics",
    "edge",
    "core",
    "data",
    "stream",
    "batch",
    "report",
    "export",
    "import",
    "sync",
    "notify",
    "payments",
    "inventory",
    "cart",
]
ENVS = ["dev", "staging", "prod", "qa", "sandbox"]
ALNUM = string.ascii_letters + string.digits


def word(r: random.Random) -> str:
    return r.choice(WORDS)


def hexs(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def b64(r: random.Random, n: int) -> str:
    return "".join(r.choice(ALNUM + "+/") for _ in range(n))


def terraform(r: random.Random) -> str:
    name, env = word(r), r.choice(ENVS)
    return f'''resource "aws_db_instance" "{name}" {{
  identifier              = "{name}-{env}"
  engine                  = "postgres"
  engine_version          = "15.{r.randint(1, 7)}"
  instance_class          = "db.t3.{r.choice(["micro", "small", "medium"])}"
  allocated_storage       = {r.randint(20, 500)}
  username                = "{name}_admin"
  password                = var.{name}_db_password
  manage_master_user_password = false
  kms_key_id              = aws_kms_key.{name}.arn
  backup_retention_period = {r.randint(0, 35)}
  skip_final_snapshot     = {r.choice(["true", "false"])}
  vpc_security_group_ids  = [aws_security_group.{name}.id]
  tags = {{
    Name        = "{name}-{env}"
    Environment = "{env}"
    Owner       = "team-{word(r)}"
  }}
}}

resource "aws_security_group" "{name}" {{
  name        = "{name}-{env}-sg"
  description = "Access to the {name} database"
  vpc_id      = data.aws_vpc.main.id
  ingress {{
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.{r.randint(0, 255)}.0.0/16"]
  }}
}}

variable "{name}_db_password" {{
  type      = string
  sensitive = true
}}

resource "aws_secretsmanager_secret" "{name}" {{
  name       = "{env}/{name}/db"
  kms_key_id = "arn:aws:kms:eu-west-1:{r.randint(10**11, 10**12 - 1)}:key/{hexs(r, 8)}"
}}

'''


def cloudformation(r: random.Random) -> str:
    name = word(r).capitalize()
    resolve = f"{{{{resolve:secretsmanager:${{{name}Secret}}:SecretString:password}}}}"
    return f"""  {name}Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{{"username": "{name.lower()}"}}'
        GenerateStringKey: password
        PasswordLength: 32
        ExcludeCharacters: '"@/\\'
  {name}Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
      MasterUsername: {name.lower()}
      MasterUserPassword: !Sub '{resolve}'
      BackupRetentionPeriod: {r.randint(1, 35)}
      PubliclyAccessible: false
      VPCSecurityGroups:
        - !Ref {name}SecurityGroup
      Tags:
        - Key: Name
          Value: {name.lower()}-db
"""


def compose(r: random.Random) -> str:
    name = word(r)
    return f"""  {name}:
    image: ghcr.io/acme/{name}:{hexs(r, 40)}
    restart: unless-stopped
    environment:
      - POSTGRES_PASSWORD_FILE=/run/secrets/{name}_db_password
      - DATABASE_URL=postgres://{name}:${{DB_PASSWORD}}@db:5432/{name}
      - LOG_LEVEL={r.choice(["debug", "info", "warn"])}
      - API_TOKEN=${{API_TOKEN:?required}}
    secrets:
      - {name}_db_password
    ports:
      - "127.0.0.1:{r.randint(8000, 9000)}:8080"
    volumes:
      - {name}-data:/var/lib/{name}
"""


def kubernetes(r: random.Random) -> str:
    name = word(r)
    return f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {r.randint(1, 6)}
  template:
    spec:
      containers:
        - name: {name}
          image: registry.internal/{name}@sha256:{hexs(r, 64)}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {name}-db
                  key: password
            - name: CACHE_HOST
              value: redis.{r.choice(ENVS)}.svc
          resources:
            limits:
              cpu: "{r.randint(1, 4)}"
              memory: {r.choice([256, 512, 1024])}Mi
"""


def workflow(r: random.Random) -> str:
    return f"""name: ci-{word(r)}
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@{hexs(r, 40)}
      - uses: actions/setup-python@{hexs(r, 40)}
        with:
          python-version: "3.1{r.randint(0, 3)}"
      - uses: actions/cache@{hexs(r, 40)}
        with:
          path: ~/.cache/pip
          key: pip-${{{{ hashFiles('**/requirements.txt') }}}}
      - run: pip install -r requirements.txt && pytest -q
        env:
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
"""


def dotenv(r: random.Random) -> str:
    name = word(r).upper()
    return f"""# {name} service settings
{name}_HOST=localhost
{name}_PORT={r.randint(1000, 9999)}
{name}_DB_PASSWORD=changeme
{name}_API_KEY=<your-api-key>
{name}_SECRET_KEY=${{{name}_SECRET_KEY}}
{name}_TIMEOUT_SECONDS={r.randint(1, 120)}
{name}_FEATURE_FLAGS=alpha,beta
{name}_TOKEN_URL=https://auth.example.com/oauth/token
"""


def lockfile(r: random.Random) -> str:
    packages = {}
    for _ in range(40):
        pkg = f"{word(r)}-{word(r)}"
        version = f"{r.randint(0, 9)}.{r.randint(0, 20)}.{r.randint(0, 30)}"
        packages[f"node_modules/{pkg}"] = {
            "version": version,
            "resolved": f"https://registry.npmjs.org/{pkg}/-/{pkg}-{version}.tgz",
            "integrity": "sha512-" + b64(r, 86) + "==",
            "dev": r.random() < 0.3,
            "dependencies": {word(r): f"^{r.randint(1, 9)}.0.0"},
        }
    return json.dumps({"name": word(r), "lockfileVersion": 3, "packages": packages}, indent=2)


def shell(r: random.Random) -> str:
    name = word(r)
    return f"""#!/usr/bin/env bash
set -euo pipefail
# Deploy {name} to {r.choice(ENVS)}
export AWS_REGION=eu-west-{r.randint(1, 3)}
DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id {name} --query SecretString)"
TOKEN=$(vault kv get -field=token secret/{name})
for host in $(cat hosts.txt); do
  ssh deploy@"$host" "systemctl restart {name}" || echo "failed on $host" >&2
done
curl -fsS -H "Authorization: Bearer $TOKEN" https://api.internal/{name}/health
"""


PROSE = (
    "The {w} service stores its password in AWS Secrets Manager and rotates the key every "
    "thirty days. See https://docs.example.com/{w}/secrets for the token lifecycle and the "
    "credentials policy. Never commit an api key; use the secret store instead.\n\n"
)


def markdown(r: random.Random) -> str:
    out = [f"# {word(r).capitalize()} runbook\n\n"]
    for _ in range(6):
        out.append(PROSE.format(w=word(r)))
        out.append(
            f"- step: run `make {word(r)}` then check [the dashboard]"
            f"(https://grafana.internal/d/{hexs(r, 8)})\n"
        )
    return "".join(out)


GENERATORS = {
    ".tf": terraform,
    ".cfn.yaml": cloudformation,
    ".compose.yml": compose,
    ".k8s.yaml": kubernetes,
    ".workflow.yml": workflow,
    ".env": dotenv,
    ".lock.json": lockfile,
    ".sh": shell,
    ".md": markdown,
}


def planted(r: random.Random) -> list[tuple[str, str]]:
    """(detector, snippet) pairs hidden in a few files."""
    body = "".join(r.choice(ALNUM) for _ in range(30))
    gh = "ghp_" + body + base62_crc32(body)
    key_id = "AKIA" + "".join(r.choice(string.ascii_uppercase + "234567") for _ in range(16))
    block = "\n".join(b64(r, 64) for _ in range(10))
    return [
        ("github-token", f"GH_TOKEN={gh}\n"),
        ("aws-access-key-id", f"aws_access_key_id = {key_id}\n"),
        ("aws-secret-access-key", f'aws_secret_access_key = "{b64(r, 40)}"\n'),
        (
            "private-key",
            f"-----BEGIN RSA PRIVATE KEY-----\n{block}\n-----END RSA PRIVATE KEY-----\n",
        ),
        ("url-credentials", f"DATABASE_URL=postgres://app:{b64(r, 16).replace('/', 'x')}@db/app\n"),
        ("generic-secret-assignment", "POSTGRES_PASSWORD=Pr0dP4ss!2024\n"),
    ]


def generate(root: Path, megabytes: float, seed: int = 7) -> dict[str, int]:
    r = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written, index = 0, 0
    plants = planted(r)
    expected = Counter(d for d, _ in plants)
    while written < target:
        suffix, gen = r.choice(list(GENERATORS.items()))
        chunks, size = [], 0
        goal = r.randint(8_000, 40_000)
        while size < goal:
            chunk = gen(r)
            chunks.append(chunk)
            size += len(chunk)
        if plants and index % 61 == 5:
            chunks.insert(r.randint(0, len(chunks)), plants.pop()[1])
        text = "".join(chunks)
        path = root / f"{index // 50:03d}" / f"file{index:05d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written += len(text.encode())
        index += 1
    for detector, _ in plants:  # not placed (tiny --mb): not expected either
        expected[detector] -= 1
    return +expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="secrets-bench-") as tmp:
        root = args.keep or Path(tmp)
        expected = generate(root, args.mb)
        files = [
            (str(p.relative_to(root)), p.read_text())
            for p in sorted(root.rglob("*"))
            if p.is_file()
        ]
    size = sum(len(t.encode()) for _, t in files)

    timings, found = [], Counter()
    for _ in range(args.runs):
        start = time.perf_counter()
        hits = [h for path, text in files for h in scan_text(text, path)]
        timings.append(time.perf_counter() - start)
        found = Counter(h.detector for h in hits)
    median = statistics.median(timings)
    print(f"files: {len(files)}  size: {size / 1e6:.2f} MB  runs: {args.runs}")
    print(
        f"scan_text: median {median:.3f} s  (min {min(timings):.3f} s)  "
        f"{size / 1e6 / median:.1f} MB/s"
    )
    print(f"hits: {dict(sorted(found.items()))}")
    missing = expected - found
    extra = found - expected
    print(
        f"planted: {dict(sorted(expected.items()))}  missing: {dict(missing)}  "
        f"unexpected: {dict(extra)}"
    )


if __name__ == "__main__":
    main()
