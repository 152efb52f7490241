"""Detectors of infralint.secrets: a positive with exact location for each, near misses, and
the forms that must stay silent. Every secret here is generated (seeded) and fake."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from infralint.secrets import (
    DETECTORS,
    Hit,
    entropy,
    is_placeholder,
    is_reference,
    is_secret_name,
    looks_secret,
    redact,
    redact_text,
    scan_text,
    secret_file_kind,
)
from infralint.secrets.patterns import base62_crc32

RNG = random.Random(20240611)
ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
B64 = ALNUM + "+/"


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def github_token(prefix: str = "ghp_", valid: bool = True) -> str:
    body = rand(ALNUM, 30)
    check = base62_crc32(body)
    if not valid:
        check = check[:-1] + ("A" if check[-1] != "A" else "B")
    return prefix + body + check


def npm_token(valid: bool = True) -> str:
    return github_token("npm_", valid)


def aws_key_id(prefix: str = "AKIA") -> str:
    return prefix + rand(B32, 16)


def aws_secret() -> str:
    return rand(B64, 40)


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def jwt(header: dict | None = None) -> str:
    header = header or {"alg": "HS256", "typ": "JWT"}
    payload = {"sub": "svc-deployer", "iat": 1718000000, "exp": 1918000000}
    return f"{b64url(header)}.{b64url(payload)}.{rand(ALNUM + '-_', 43)}"


def private_key(label: str = "RSA PRIVATE KEY", lines: int = 8) -> str:
    body = "\n".join(rand(B64, 64) for _ in range(lines))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"


def only(hits: list[Hit], detector: str) -> Hit:
    assert [h.detector for h in hits] == [detector], hits
    return hits[0]


def where(text: str, secret: str) -> tuple[int, int, int]:
    """(line, col, end_col) of the first occurrence of ``secret`` in ``text`` (1-based)."""
    offset = text.index(secret)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col, col + len(secret)


def assert_at(hit: Hit, text: str, secret: str) -> None:
    line, col, end_col = where(text, secret)
    assert (hit.line, hit.col, hit.end_line, hit.end_col) == (line, col, line, end_col)
    assert hit.secret == secret
    assert secret not in hit.description
    assert secret not in repr(hit)


# --------------------------------------------------------------------------- catalogue


def test_detector_catalogue() -> None:
    assert set(DETECTORS) == {
        "aws-access-key-id",
        "aws-secret-access-key",
        "private-key",
        "github-token",
        "slack-token",
        "slack-webhook",
        "discord-webhook",
        "teams-webhook",
        "stripe-key",
        "google-api-key",
        "jwt",
        "npm-token",
        "pypi-token",
        "url-credentials",
        "generic-secret-assignment",
    }
    assert all(DETECTORS.values())


def test_empty_text() -> None:
    assert scan_text("") == []


# --------------------------------------------------------------------------- AWS


def test_aws_access_key_id_exact_location() -> None:
    key = aws_key_id()
    text = f'provider "aws" {{\n  region = "eu-west-1"\n  access_key = "{key}"\n}}\n'
    hit = only(scan_text(text, "main.tf"), "aws-access-key-id")
    assert_at(hit, text, key)
    assert (hit.line, hit.col, hit.end_col) == (3, 17, 37)
    assert hit.severity == "critical"
    assert hit.description == "AWS access key id"


@pytest.mark.parametrize("prefix", ["ASIA", "ABIA", "ACCA"])
def test_aws_other_key_prefixes(prefix: str) -> None:
    key = aws_key_id(prefix)
    assert only(scan_text(f"KEY={key}\n"), "aws-access-key-id").secret == key


@pytest.mark.parametrize(
    "text",
    [
        "AKIAIOSFODNN7EXAMPLE",  # AWS documentation example
        "AKIAI44QH8DHBEXAMPLE",
        "AKIAXXXXXXXXXXXXXXXX",
        "AKIA" + "1" * 16,  # 0, 1, 8, 9 are not base32
        "AKIA" + "ABCDEFGHIJKLMNO",  # too short
        "XAKIA" + "ABCDEFGHIJKLMNOP",  # glued to another word
        "AKIA" + "ABCDEFGHIJKLMNOPQ",  # too long
        "AIDA" + "ABCDEFGHIJKLMNOP",  # a user's unique id, not a credential
    ],
)
def test_aws_access_key_id_near_misses(text: str) -> None:
    assert [h for h in scan_text(f"key: {text}\n") if h.detector == "aws-access-key-id"] == []


def test_aws_secret_paired_with_key_id() -> None:
    key, secret = aws_key_id(), aws_secret()
    text = f"[default]\naws_access_key_id = {key}\nregion = eu-west-1\nsomething = {secret}\n"
    hits = scan_text(text)
    assert [h.detector for h in hits] == ["aws-access-key-id", "aws-secret-access-key"]
    assert_at(hits[1], text, secret)
    assert hits[1].severity == "critical"


@pytest.mark.parametrize(
    "name", ["aws_secret_access_key", "secret_key", "SecretAccessKey", "AWS_SECRET_KEY"]
)
def test_aws_secret_by_name_without_key_id(name: str) -> None:
    secret = aws_secret()
    text = f'{name} = "{secret}"\n'
    hit = only(scan_text(text), "aws-secret-access-key")
    assert_at(hit, text, secret)


def test_aws_secret_far_from_key_id_and_unnamed_is_silent() -> None:
    key, secret = aws_key_id(), aws_secret()
    text = f"id = {key}\n" + "filler = 1\n" * 10 + f"blob = {secret}\n"
    assert [h.detector for h in scan_text(text)] == ["aws-access-key-id"]


def test_aws_documentation_example_pair_is_silent() -> None:
    text = (
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    assert scan_text(text) == []


def test_aws_secret_near_key_id_not_a_commit_sha() -> None:
    key = aws_key_id()
    text = f"key = {key}\nrev = 8e5e7e5ab8b370d6c329ec480221332ada57f0ab\n"
    assert [h.detector for h in scan_text(text)] == ["aws-access-key-id"]


# --------------------------------------------------------------------------- private keys


@pytest.mark.parametrize(
    "label,description",
    [
        ("RSA PRIVATE KEY", "RSA private key"),
        ("EC PRIVATE KEY", "EC private key"),
        ("DSA PRIVATE KEY", "DSA private key"),
        ("OPENSSH PRIVATE KEY", "OpenSSH private key"),
        ("ENCRYPTED PRIVATE KEY", "Encrypted private key"),
        ("PRIVATE KEY", "Private key"),
        ("PGP PRIVATE KEY BLOCK", "PGP private key block"),
    ],
)
def test_private_key_block(label: str, description: str) -> None:
    block = private_key(label)
    text = f'resource "tls" "x" {{\n  key = <<EOT\n{block}\nEOT\n}}\n'
    hit = only(scan_text(text, "keys.tf"), "private-key")
    assert (hit.line, hit.col) == (3, 1)
    assert (hit.end_line, hit.end_col) == (3 + 9, len(f"-----END {label}-----") + 1)
    assert hit.secret == block
    assert hit.description == description
    assert hit.severity == "critical"


def test_private_key_in_json_string() -> None:
    block = private_key().replace("\n", "\\n")
    text = '{\n  "type": "service_account",\n  "private_key": "' + block + '\\n"\n}\n'
    hit = only(scan_text(text, "sa.json"), "private-key")
    assert_at(hit, text, block)


@pytest.mark.parametrize(
    "body",
    [
        "...",
        "MIIEpAIBAAKCAQEA...\n...",
        "<your private key here>",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "",
    ],
)
def test_private_key_placeholders_are_silent(body: str) -> None:
    text = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n"
    assert scan_text(text) == []


def test_public_key_and_certificate_are_silent() -> None:
    body = "\n".join(rand(B64, 64) for _ in range(6))
    text = (
        f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n"
        f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
    )
    assert scan_text(text) == []


# --------------------------------------------------------------------------- GitHub


@pytest.mark.parametrize("prefix", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"])
def test_github_token_with_valid_checksum(prefix: str) -> None:
    token = github_token(prefix)
    text = f"jobs:\n  build:\n    env:\n      GH_TOKEN: {token}\n"
    hit = only(scan_text(text, "ci.yml"), "github-token")
    assert_at(hit, text, token)
    assert (hit.line, hit.col) == (4, 17)
    assert hit.severity == "critical"


def test_github_token_bad_checksum_is_silent() -> None:
    token = github_token(valid=False)
    assert scan_text(f"GH_TOKEN={token}\n") == []


def test_github_token_checksum_matches_published_example() -> None:
    # the worked example of GitHub's token format (an expired, revoked token)
    assert base62_crc32("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ") == "0mLq17"


def test_github_fine_grained_token() -> None:
    token = "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59)
    text = f'token = "{token}"\n'
    assert_at(only(scan_text(text), "github-token"), text, token)


@pytest.mark.parametrize(
    "text",
    [
        "ghp_" + "x" * 36,
        "ghp_" + "A" * 35,  # too short
        "github_pat_" + "X" * 22 + "_" + "X" * 59,
        "ghx_" + "a1B2" * 9,
    ],
)
def test_github_near_misses(text: str) -> None:
    assert scan_text(f"TOKEN: {text}\n") == []


# --------------------------------------------------------------------------- Slack


def test_slack_bot_token() -> None:
    token = f"xoxb-{rand(string.digits, 12)}-{rand(string.digits, 13)}-{rand(ALNUM, 24)}"
    text = f"slack:\n  bot: {token}\n"
    hit = only(scan_text(text), "slack-token")
    assert_at(hit, text, token)
    assert hit.severity == "critical"


def test_slack_user_token() -> None:
    token = (
        "xoxp-"
        + "-".join(rand(string.digits, 11) for _ in range(3))
        + "-"
        + rand("0123456789abcdef", 32)
    )
    assert only(scan_text(f"SLACK={token}\n"), "slack-token").secret == token


def test_slack_webhook() -> None:
    url = f"https://hooks.slack.com/services/T{rand(B32, 8)}/B{rand(B32, 10)}/{rand(ALNUM, 24)}"
    text = f"notify:\n  url: {url}\n"
    hit = only(scan_text(text), "slack-webhook")
    assert_at(hit, text, url)
    assert hit.severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "xoxb-your-token-here",
        "xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx",
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "https://hooks.slack.com/services/YOUR/WEBHOOK/URL",
    ],
)
def test_slack_near_misses(text: str) -> None:
    assert scan_text(f"slack: {text}\n") == []


# --------------------------------------------------------------------------- Stripe, Google


def test_stripe_live_key_is_critical() -> None:
    key = "sk_live_" + rand(ALNUM, 24)
    text = f"STRIPE_KEY={key}\n"
    hit = only(scan_text(text), "stripe-key")
    assert_at(hit, text, key)
    assert hit.severity == "critical"


def test_stripe_restricted_live_key() -> None:
    key = "rk_live_" + rand(ALNUM, 99)
    assert only(scan_text(f"k: {key}\n"), "stripe-key").description == (
        "Stripe live restricted key"
    )


def test_stripe_test_key_is_medium() -> None:
    hit = only(scan_text(f"stripe: sk_test_{rand(ALNUM, 24)}\n"), "stripe-key")
    assert hit.severity == "medium"


@pytest.mark.parametrize(
    "text", ["pk_live_" + "a1B2c3D4" * 3, "sk_live_" + "x" * 24, "sk_live_short"]
)
def test_stripe_near_misses(text: str) -> None:
    assert scan_text(f"stripe: {text}\n") == []


def test_google_api_key() -> None:
    key = "AIza" + rand(ALNUM + "-_", 35)
    text = f'{{\n  "maps": "{key}"\n}}\n'
    hit = only(scan_text(text, "x.json"), "google-api-key")
    assert_at(hit, text, key)
    assert hit.severity == "critical"


@pytest.mark.parametrize("text", ["AIza" + rand(ALNUM, 34), "AIza" + "X" * 35, "AIzaSyEXAMPLE"])
def test_google_near_misses(text: str) -> None:
    assert scan_text(f"maps: {text}\n") == []


# --------------------------------------------------------------------------- npm, PyPI


def test_npm_token() -> None:
    token = npm_token()
    text = f"//registry.npmjs.org/:_authToken={token}\n"
    hit = only(scan_text(text, ".npmrc"), "npm-token")
    assert_at(hit, text, token)


def test_npm_token_bad_checksum_is_silent() -> None:
    assert scan_text(f"//registry.npmjs.org/:_authToken={npm_token(valid=False)}\n") == []


def test_pypi_token() -> None:
    token = "pypi-AgEIcHlwaS5vcmc" + rand(ALNUM + "-_", 120)
    text = f"[pypi]\nusername = __token__\npassword = {token}\n"
    hit = only(scan_text(text, ".pypirc"), "pypi-token")
    assert_at(hit, text, token)
    assert hit.description == "PyPI API token"


def test_testpypi_token() -> None:
    token = "pypi-AgENdGVzdC5weXBpLm9yZw" + rand(ALNUM, 80)
    assert only(scan_text(f"T={token}\n"), "pypi-token").description == "TestPyPI API token"


def test_pypi_near_miss() -> None:
    assert scan_text("password = pypi-AgEIcHlwaS5vcmc...\n") == []


# --------------------------------------------------------------------------- JWT


def test_jwt() -> None:
    token = jwt()
    text = f"headers:\n  Authorization: Bearer {token}\n"
    hit = only(scan_text(text), "jwt")
    assert_at(hit, text, token)
    assert hit.severity == "high"


@pytest.mark.parametrize(
    "token",
    [
        jwt({"alg": "none"}),  # unsigned
        jwt({"typ": "JWT"}),  # no alg: not a JWT header
        "eyJ" + rand(ALNUM, 20) + ".eyJ" + rand(ALNUM, 20) + "." + rand(ALNUM, 30),  # garbage
    ],
)
def test_jwt_near_misses(token: str) -> None:
    assert scan_text(f"value: {token}\n") == []


# --------------------------------------------------------------------------- URL credentials


@pytest.mark.parametrize(
    "scheme",
    ["postgres", "postgresql", "mysql", "redis", "mongodb", "mongodb+srv", "amqp", "https", "ftp"],
)
def test_url_credentials(scheme: str) -> None:
    password = rand(ALNUM, 14)
    text = f"services:\n  app:\n    environment:\n      URL: {scheme}://app:{password}@db:1/x\n"
    hit = only(scan_text(text, "docker-compose.yml"), "url-credentials")
    assert_at(hit, text, password)
    assert hit.severity == "high"
    assert scheme in hit.description


def test_url_credentials_empty_user() -> None:
    text = "REDIS_URL=redis://:Xk29fLq0wPz@cache:6379/0\n"
    assert_at(only(scan_text(text), "url-credentials"), text, "Xk29fLq0wPz")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://app:${DB_PASSWORD}@db/app",
        "postgres://app:$DB_PASSWORD@db/app",
        "postgres://app:*****@db/app",
        "mysql://root:<password>@db/app",
        "https://user:changeme@example.com",
        "https://x-access-token:${{ secrets.GH }}@github.com/o/r",
        "https://github.com/org/repo.git",
        "ssh://git@github.com:22/org/repo.git",
        "https://user@host/path",
        "amqp://guest:%(password)s@mq//",
        "https://abc:xyz@internal.host/",  # too short to be a real password
        "https://admin:Xk29fLq0wPz@api.example.com/v1",  # documentation domain
        "https://admin:Xk29fLq0wPz@registry.test/v1",
        "amqp://username:password@host:port/<virtual_host>",
    ],
)
def test_url_credentials_silent(url: str) -> None:
    assert scan_text(f"url: {url}\n") == []


# --------------------------------------------------------------------------- generic


@pytest.mark.parametrize(
    "line,value",
    [
        ('  password = "Tr0ub4dor&3x"', "Tr0ub4dor&3x"),
        ("      POSTGRES_PASSWORD: hunter22", "hunter22"),
        ("DB_PASSWORD=hunter2", "hunter2"),
        ('  "client_secret": "9fQm2LwX7rT1vB8nZ3kP"', "9fQm2LwX7rT1vB8nZ3kP"),
        ("      MasterUserPassword: 'Sup3rS3cure!'", "Sup3rS3cure!"),
        ("export API_KEY=Kx81bqPzY0aW5mT3", "Kx81bqPzY0aW5mT3"),
        ("  - REDIS_PASSWORD=r3d1sPa55w0rd", "r3d1sPa55w0rd"),
        ("spring.datasource.password=Qw9!xLm2#", "Qw9!xLm2#"),
        ("cmd: run --password=Zx81!pqLm", "Zx81!pqLm"),
        ("Server=db;User Id=sa;Password=MyS3cr3t!;", "MyS3cr3t!"),
        ('{"name": "DB_PASSWORD", "value": "p4ssW0rd99"}', "p4ssW0rd99"),
    ],
)
def test_generic_assignment(line: str, value: str) -> None:
    text = f"# config\n{line}\n"
    hit = only(scan_text(text), "generic-secret-assignment")
    assert_at(hit, text, value)
    assert hit.severity == "medium"
    assert hit.line == 2


def test_generic_assignment_yaml_name_value_pair() -> None:
    text = "env:\n  - name: DB_PASSWORD\n    value: Pr0dP4ss!\n  - name: MODE\n    value: x\n"
    hit = only(scan_text(text, "deploy.yaml"), "generic-secret-assignment")
    assert_at(hit, text, "Pr0dP4ss!")


def test_generic_json_name_value_on_separate_lines() -> None:
    text = '[\n  {\n    "name": "API_TOKEN",\n    "value": "Kx81bqPzY0aW5mT3"\n  }\n]\n'
    assert_at(
        only(scan_text(text, "task.json"), "generic-secret-assignment"), text, "Kx81bqPzY0aW5mT3"
    )


def test_generic_name_value_pair_needs_adjacent_value() -> None:
    text = (
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db}\n"
        "  - name: MODE\n    value: Pr0dP4ss!\n"
        '{"name": "DB_PASSWORD", "default_value": "Pr0dP4ss!"}\n'
    )
    assert scan_text(text, "deploy.yaml") == []


def test_generic_code_files_quoted_only() -> None:
    text = "token = Keyword.Type\n_token = _token\npassword = user_pass\n"
    assert scan_text(text, "lexer.py") == []
    assert scan_text("token = Keyword.Type\n_token=_token\n", "x.cfg") == []
    assert only(scan_text('password = "Zx81!pqLm"\n', "app.py"), "generic-secret-assignment")


def test_generic_hcl_quoted_only() -> None:
    text = 'password = random_password.db.result\npassword = "Tr0ub4dor&3x"\n'
    assert [h.line for h in scan_text(text, "main.tf")] == [2]


@pytest.mark.parametrize(
    "line",
    [
        "password = var.db_password",
        'password = "${var.db_password}"',
        "password = local.pw",
        "password = data.aws_ssm_parameter.db.value",
        "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
        "DB_PASSWORD=$DB_PASSWORD",
        "DB_PASSWORD=$(cat /run/secrets/db)",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "MasterUserPassword: '{{resolve:secretsmanager:MyDb:SecretString:password}}'",
        "MasterUserPassword: '{{resolve:ssm-secure:/prod/db/password:1}}'",
        "MasterUserPassword: !Ref DbPassword",
        "MasterUserPassword: !Sub '{{resolve:secretsmanager:${Secret}}}'",
        "password: '{{ vault_db_password }}'",
        "password = '%(db_password)s'",
        "password: changeme",
        "password: <your-password>",
        "api_key: xxxxxxxxxxxxxxxxxxxx",
        "api_key: YOUR_API_KEY",
        "secret: REPLACE_ME",
        "password: example",
        'password = ""',
        "password: password",
        "password: TODO",
        "password: dummy",
        "password: test",
        "password: ********",
        "password: aaaaaaaa",
        "POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password",
        "password_length = 32",
        "password_policy: strong-enough-policy",
        'token_url = "https://auth.example.com/oauth/token"',
        'secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"',
        "secret_id: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
        'key_name = "deployer-key-2024"',
        'kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394"',
        'public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0bP user@host"',
        "password_reset_required = true",
        "manage_master_user_password = true",
        "api_key: 123456789012",
        "secret_key: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
        "token: 8e5e7e5ab8b370d6c329ec480221332ada57f0ab",
        "auth_token: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "password: the one from the team vault",
        "token: github-actions-bot-token",
        "password = get_password('db')",
        "password = os.environ['DB_PASSWORD']",
        "secrets: inherit",
        "existingSecret: db-credentials",
        "token = some.module.attribute",
        "password: *db_password",
        "password: |",
        "PasswordLength: 32",
        "GenerateStringKey: password",
        'SecretStringTemplate: \'{"username": "admin"}\'',
        "ExcludeCharacters: '\"@/\\'",
        "if password == 'Tr0ub4dor&3x':",
        # issue #14: references of other tools, pagination tokens, names, public material
        "encryption_key: $kms_keys:billing-0/ew1/bigquery",
        '"token": "$context.authorizer.token",',
        'api_key_selection_expression="$request.header.x-api-key",',
        'token    = "$slack-token"',
        "#set($executionToken = $context.requestId)",
        '"nextForwardToken": "f/36764432259514369097377004316756648081944142504599814148/s",',
        '"uploadSequenceToken": "49623223228963219630688297264061931379053509364145981234",',
        '"executionToken": "1234567890123",',
        "secret: projects/project-id/secrets/my-secret",
        'encryption_key = "projects/p-id/locations/europe-west8/keyRings/ring/cryptoKeys/my-key"',
        'mysql_password = "CiQAsd7WY=="',
        '"apigw-secretsmanager-apikey-cdk": "bin/apigw-secretsmanager-apikey-cdk.js"',
        "canonicalHeaders = ['host:'+options.host, 'x-amz-security-token:'+options.token];",
        'random_password_override_special = "!@#$%^&*()_+"',
        'cluster_auth_base64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJBZ0"',
        'provisioner-secret-namespace = "csi.storage.k8s.io/provisioner-secret-namespace"',
        '# password = "ExplitPassword123!"',
        '# Example of valid password: "MyDBPassword123!"',
        'access_key = "mock_access_key"',
        'token: "xoxb-ENTER YOUR BOT ACCESS TOKEN HERE"',
        "db_password: mysql_root_password",
        '"AccessToken": "generatedAccessToken",',
        "secret_ref: authSecret.github_app_private_key",
        "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
    ],
)
def test_not_secrets(line: str) -> None:
    assert scan_text(f"{line}\n", "config.yml") == [], line


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('password = "SuperSecretPassw0rd"', "SuperSecretPassw0rd"),
        ('password_wo = "UberSecretPassword"', "UberSecretPassword"),
        ("POSTGRES_PASSWORD=MySecretDbPassword", "MySecretDbPassword"),
        ('# api_token = "Zx9qWv7LmR4tY2pK8sNd"', "Zx9qWv7LmR4tY2pK8sNd"),  # commented out
        ("--challenge-responses NEW_PASSWORD='MySecretPassword123!'", "MySecretPassword123!"),
    ],
)
def test_a_value_containing_a_secret_word_is_a_secret(line: str, secret: str) -> None:
    hit = only(scan_text(f"{line}\n", "config.yml"), "generic-secret-assignment")
    assert hit.secret == secret


@pytest.mark.parametrize(
    ("line", "detector", "secret"),
    [
        ("POSTGRES_PASSWORD=pass", "generic-secret-assignment", "pass"),
        ('password: "admin"', "generic-secret-assignment", "admin"),
        ("POSTGRES_PASSWORD=mysecretpassword", "generic-secret-assignment", "mysecretpassword"),
        ("DATABASE_URL=postgresql://user:pass@db/app", "url-credentials", "pass"),
        ("url: postgres://user:password@localhost/app", "url-credentials", "password"),
    ],
)
def test_default_passwords_are_reported_as_weak(line: str, detector: str, secret: str) -> None:
    hit = only(scan_text(f"{line}\n", "config.yml"), detector)
    assert (hit.secret, hit.severity) == (secret, "low")
    assert "well-known default password" in hit.description.lower()


def test_a_private_key_marker_named_in_prose_is_not_a_key() -> None:
    prose = "The app key is a PEM file starting with `-----BEGIN PRIVATE KEY-----`.\n"
    prose += "".join(
        f"{i}. Run aws ssm put-parameter --name /github/app/Key{i} --type SecureString "
        f"--value key{i * 7}.pem (region eu-west-{i % 3 + 1}, KMS alias/Runner{i * 13}).\n"
        for i in range(40)
    )
    assert scan_text(prose, "README.md") == []


def test_cloudformation_generate_secret_string_is_silent() -> None:
    text = """Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "dbadmin"}'
        GenerateStringKey: password
        PasswordLength: 32
        ExcludeCharacters: '"@/\\'
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: dbadmin
      MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'
"""
    assert scan_text(text, "template.yaml") == []


def test_commit_shas_and_lockfile_hashes_are_silent() -> None:
    text = """steps:
  - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab
  - uses: actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9
    with:
      key: deps-${{ hashFiles('**/package-lock.json') }}
image: ghcr.io/acme/app:3f2a9c1e4b5d6f708192a3b4c5d6e7f8091a2b3c
image: nginx@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
"""
    assert scan_text(text, ".github/workflows/ci.yml") == []
    lock = json.dumps(
        {
            "packages": {
                "node_modules/left-pad": {
                    "version": "1.3.0",
                    "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                    "integrity": "sha512-" + rand(B64, 86) + "==",
                }
            }
        },
        indent=2,
    )
    assert scan_text(lock, "package-lock.json") == []


def test_account_ids_arns_uuids_are_silent() -> None:
    text = """account_id = "123456789012"
role_arn = "arn:aws:iam::123456789012:role/deploy"
request_id = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
"""
    assert scan_text(text, "main.tf") == []


def test_provider_hit_wins_over_generic() -> None:
    token = github_token()
    text = f"GITHUB_TOKEN={token}\n"
    assert [h.detector for h in scan_text(text)] == ["github-token"]


def test_hits_sorted_by_line_and_col() -> None:
    token, key = github_token(), aws_key_id()
    text = f"a: {key}\nb: {token}  # and {key}\npassword: Zx81!pqLm\n"
    hits = scan_text(text)
    assert [(h.line, h.col) for h in hits] == sorted((h.line, h.col) for h in hits)
    assert [h.detector for h in hits] == [
        "aws-access-key-id",
        "github-token",
        "aws-access-key-id",
        "generic-secret-assignment",
    ]


def test_non_ascii_text_keeps_columns() -> None:
    text = "# Ünïcödé İstanbul\npassword: Zx81!pqLm\n"
    assert_at(only(scan_text(text), "generic-secret-assignment"), text, "Zx81!pqLm")


# --------------------------------------------------------------------------- name / value


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "access_key",
        "secret_key",
        "private_key",
        "auth_token",
        "client_secret",
        "MasterUserPassword",
        "DB_PASSWORD",
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
        "aws_access_key_id",
        "SecretAccessKey",
        "apiKey",
        "db_pass",
        "mysqlRootPassword",
        "GITHUB_TOKEN",
        "spring.datasource.password",
        "--password",
        "admin_password",
        "passphrase",
    ],
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "POSTGRES_PASSWORD_FILE",
        "password_length",
        "password_policy",
        "token_url",
        "secret_arn",
        "secret_id",
        "key_name",
        "kms_key_id",
        "public_key",
        "DB_SECRET_ARN",
        "PRIVATE_KEY_PATH",
        "password_reset_required",
        "manage_master_user_password",
        "username",
        "key",
        "keys",
        "secrets",
        "monkey",
        "cache_key",
        "tags",
        "TokenUrl",
        "password_key",
        "secret_name",
        "GenerateSecretString",
    ],
)
def test_not_secret_names(name: str) -> None:
    assert not is_secret_name(name)


def test_master_user_secret_is_a_secret_name() -> None:
    # MasterUserSecret holds a reference in practice; the name itself is secret-like
    assert is_secret_name("MasterUserSecret")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  ",
        "changeme",
        "CHANGEME",
        "<your-key>",
        "xxxx",
        "XXXXXXXX",
        "example",
        "my-example-key",
        "REPLACE_ME",
        "${DB_PASSWORD}",
        "password",
        "secret",
        "TODO",
        "dummy",
        "test",
        "aaaaaaa",
        "0000",
        "********",
        "123456",
        "abcdef",
        "{password}",
        "[TOKEN]",
        "__SECRET__",
        "your-api-key-here",
        "...",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["hunter2", "Tr0ub4dor&3x", "postgres", "a1b2c3d4"])
def test_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "${VAR}",
        "${{ secrets.X }}",
        "{{resolve:secretsmanager:Db:SecretString:pw}}",
        "{{resolve:ssm-secure:/db/pw:1}}",
        "$(cat /run/secrets/x)",
        "%(password)s",
        "var.x",
        "local.x",
        "data.aws_ssm_parameter.x.value",
        "$DB_PASSWORD",
        "!Ref DbPassword",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/db",
        "prefix-${var.env}-suffix",
        "ENC[AES256_GCM,data:abc,iv:def]",
        "vault:secret/data/db#password",
        "op://vault/db/pw",
    ],
)
def test_references(value: str) -> None:
    assert is_reference(value)


@pytest.mark.parametrize("value", ["hunter2", "Tr0ub4dor&3x", "variable", "$ecret"[1:]])
def test_not_references(value: str) -> None:
    assert not is_reference(value)


@pytest.mark.parametrize("value", ["hunter2", "Tr0ub4dor&3x", "postgres", "s3cr3t!", "Zx81"])
def test_looks_secret(value: str) -> None:
    assert looks_secret(value)


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "changeme",
        "${X}",
        "var.x",
        "arn:aws:iam::123456789012:role/x",
        "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
        "123456789012",
        "8e5e7e5ab8b370d6c329ec480221332ada57f0ab",
        "sha256:9f86d081884c7d659a2feaa0c55ad015",
        "sha512-AbCdEf0123456789==",
        "/run/secrets/db_password",
        "./secrets/db.txt",
        "https://vault.internal/v1/secret",
        "DB_PASSWORD",
        "db-password",
        "1.2.3",
    ],
)
def test_not_looks_secret(value: str) -> None:
    assert not looks_secret(value)


def test_looks_secret_rejects_non_strings() -> None:
    assert not looks_secret(None)  # type: ignore[arg-type]


def test_entropy() -> None:
    assert entropy("") == 0.0
    assert entropy("aaaa") == 0.0
    assert entropy("ab") == pytest.approx(1.0)
    assert entropy("abcd") == pytest.approx(2.0)
    assert entropy(rand(B64, 200)) > 5.0


# --------------------------------------------------------------------------- redaction


@pytest.mark.parametrize("n", list(range(0, 90)))
def test_redact_never_shows_more_than_4_chars(n: int) -> None:
    value = rand(ALNUM, n)
    out = redact(value)
    assert out.endswith("****")
    visible = out[: -len("****")]
    assert len(visible) <= 4
    assert value.startswith(visible)
    if n:
        assert len(visible) < n  # never the whole value
        assert value not in out


def test_redact_examples() -> None:
    assert redact("hunter2") == "****"  # shorter than 12: nothing of it is shown
    assert redact("abc") == "****"
    assert redact(github_token()).startswith("ghp_")
    assert redact(github_token()) == "ghp_****"


def test_redact_text_replaces_every_occurrence() -> None:
    token, pw = github_token(), "Tr0ub4dor&3x"
    text = f"a={token}\nb={token}\npassword={pw}\n"
    out = redact_text(text, [token, pw, ""])
    assert token not in out and pw not in out
    assert out.count("ghp_****") == 2
    assert "Tr0****" in out


def test_redact_text_longer_secret_first() -> None:
    out = redact_text("x=abcdefgh12345678", ["abcdefgh", "abcdefgh12345678"])
    assert out == "x=abcd****"


def test_redact_text_hits_roundtrip() -> None:
    block = private_key()
    text = f"key: |\n{block}\nGH={github_token()}\n"
    out = redact_text(text, [h.secret for h in scan_text(text)])
    assert scan_text(out) == []
    assert "PRIVATE KEY" not in out.replace("-----BEGIN", "")


# --------------------------------------------------------------------------- files


def test_secret_files() -> None:
    block = private_key("OPENSSH PRIVATE KEY")
    assert secret_file_kind("home/.ssh/id_ed25519", block) == "SSH private key"
    assert secret_file_kind("id_rsa", None) == "SSH private key"
    assert secret_file_kind("id_rsa.pub", "ssh-rsa AAAA user@host") is None
    assert secret_file_kind("certs/server.key", private_key()) == "Private key file"
    assert secret_file_kind("certs/tls.pem", private_key("PRIVATE KEY")) == "Private key file"
    cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    assert secret_file_kind("certs/ca.pem", cert) is None
    assert secret_file_kind("certs/ca.pem", None) is None
    assert secret_file_kind("client.p12") == "PKCS#12 key store"
    assert secret_file_kind("CLIENT.PFX") == "PKCS#12 key store"
    token = npm_token()
    assert secret_file_kind(".npmrc", f"//registry.npmjs.org/:_authToken={token}\n")
    assert secret_file_kind(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n") is None
    assert secret_file_kind(".npmrc", "registry=https://registry.npmjs.org/\n") is None
    creds = (
        f"[default]\naws_access_key_id = {aws_key_id()}\naws_secret_access_key = {aws_secret()}\n"
    )
    assert secret_file_kind(".aws/credentials", creds) == "AWS shared credentials file"
    example = (
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    assert secret_file_kind("credentials", example) is None
    assert secret_file_kind("main.tf", 'password = "x"') is None
    assert secret_file_kind(".git-credentials", "https://me:Xk29fLq0wPz7@github.com\n")
    assert secret_file_kind(".netrc", "machine api.x.com login me password Xk29fLq0wPz7\n")
