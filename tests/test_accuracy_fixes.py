"""Accuracy on real repositories (issue #14): each false-positive pattern and each missed
problem, through the real command line on files written as the repositories write them."""

from __future__ import annotations

import json
import os

from tests.conftest import FIXTURES, infralint, write


def findings(root, *args) -> list[dict]:
    run = infralint("scan", root, "--format", "json", "--exit-zero", "--no-cache", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["findings"]


def located(root, *args) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["start_line"]) for f in findings(root, *args)}


# --------------------------------------------------------------------------- vendored packages

_RECORD = "botocore/data/endpoints.json,sha256=abc,10\nbotocore-1.0.dist-info/RECORD,,\n"
_PAGINATOR = (
    '{\n  "pagination": {\n    "ListThings": {\n      "session_token": "Zx9qWv7LmR4tY2pK8sNd"\n'
)


def test_packages_pip_installed_into_a_directory_are_not_scanned(tmp_path):
    write(
        tmp_path,
        {
            "layer/python/botocore-1.0.dist-info/RECORD": _RECORD,
            "layer/python/botocore/data/paginators-1.json": _PAGINATOR + "}}}\n",
            "layer/python/mine/settings.env": "API_TOKEN=Zx9qWv7LmR4tY2pK8sNd\n",
            "layer/python/pika/__init__.py": "",
            "layer/python/pika/connection.py": "DEFAULT_PASSWORD = 'Zx9qWv7LmR4tY2pK8sNd'\n",
            "other/botocore/paginators-1.json": _PAGINATOR + "}}}\n",
        },
    )
    found = located(tmp_path)
    assert ("IL306", "layer/python/mine/settings.env", 1) in found
    # the same text outside a pip install target is still read
    assert ("IL306", "other/botocore/paginators-1.json", 4) in found
    assert not [f for f in found if f[1].startswith(("layer/python/botocore", "layer/python/pika"))]


# --------------------------------------------------------------------------- committed secrets

WEAK = FIXTURES / "committed-secret" / "bad-weak-defaults"


def test_weak_defaults_and_example_keys_are_reported_low_and_say_so():
    by_line = {(f["path"], f["start_line"]): f for f in findings(WEAK)}
    weak = "well-known default password"
    for where in [("main.tf", 12), ("docker-compose.yml", 5), ("docker-compose.yml", 9)]:
        assert by_line[where]["severity"] == "low", by_line[where]
        assert weak in by_line[where]["message"].lower()
    for where in [("main.tf", 3), ("main.tf", 4)]:
        assert by_line[where]["severity"] == "low"
        assert "AWS's documented example key" in by_line[where]["message"]
    # a value that merely contains a secret word is a secret, at the rule's own severity
    assert by_line[("main.tf", 19)]["severity"] == "high"
    assert by_line[("docker-compose.yml", 10)]["severity"] == "high"
    assert by_line[(".env", 1)]["severity"] == "low"


def test_incoming_webhook_urls_are_found_in_any_file(tmp_path):
    token = "Qw8eRt7yUi6oPa5sDf4gHj3kLz2xCv1bNm0-_Aq9Ws8Ed7Rf6Tg5Yh4Uj3Ik2Ol1PZx9cV8bN7"[:68]
    teams = (
        "https://contoso.webhook.office.com/webhookb2/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
        "@1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1/IncomingWebhook/9f86d081884c7d659a2feaa0c55ad015"
        "/2d3e4f50-6172-8394-a5b6-c7d8e9f0a1b2"
    )
    write(
        tmp_path,
        {
            ".github/workflows/notify.yml": (
                "on: push\njobs:\n  notify:\n    runs-on: ubuntu-24.04\n    env:\n"
                f"      DISCORD: https://discord.com/api/webhooks/123456789012345678/{token}\n"
                f"      TEAMS: {teams}\n    steps:\n      - run: echo hi\n"
            )
        },
    )
    found = {(f["rule_id"], f["start_line"], f["message"]) for f in findings(tmp_path)}
    assert ("IL305", 6, "webhook URL of Discord committed") in found
    assert ("IL305", 7, "incoming webhook URL of Microsoft Teams committed") in found


# --------------------------------------------------------------------------- open ingress

INGRESS = FIXTURES / "open-ingress"


def test_a_group_is_judged_by_what_listens_behind_it():
    for good in ("good-tf-nothing-listens-behind", "good-cfn-nothing-listens-behind"):
        assert findings(INGRESS / good, "--select", "open-ingress") == [], good
    found = {
        (f["path"], f["start_line"]): f["message"]
        for f in findings(INGRESS / "bad-tf-lb-listens-on-other-port", "--select", "open-ingress")
    }
    assert found == {
        ("main.tf", 11): "ingress from the whole internet to all protocols (attached to aws_lb.api)"
        "; reachable through load balancer listeners on 8443",
        ("main.tf", 52): "ingress from the whole internet to tcp port 22 (attached to "
        "aws_instance.bastion, aws_lambda_function.job)",
    }
    classic = findings(INGRESS / "bad-cfn-lb-listens-on-other-port", "--select", "open-ingress")
    assert [(f["start_line"], f["message"]) for f in classic] == [
        (
            12,
            "ingress from the whole internet to tcp all ports (attached to Elb); reachable "
            "through load balancer listeners on 9000",
        )
    ]


# --------------------------------------------------------------------------- messages

MESSAGES = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AppName:
    Type: String
    Default: shop
  ApiToken:
    Type: String
    Default: Zx9qWv7LmR4tY2pK8sNd
  DbPassword:
    Type: String
    NoEcho: true
    Default: Qm4tLp8sVx2nRz6w
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "${AppName}-orders"
      BillingMode: PAY_PER_REQUEST
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
"""


def test_messages_name_only_the_origin_of_the_judged_value(tmp_path):
    write(tmp_path, {"template.yaml": MESSAGES})
    found = {(f["rule_id"], f["start_line"]): f["message"] for f in findings(tmp_path)}
    assert found[("IL402", 14)] == "Orders has no point-in-time recovery (it is off unless enabled)"
    assert found[("IL301", 8)] == "parameter default of ApiToken is a literal secret"
    assert found[("IL301", 12)] == "NoEcho parameter default of DbPassword is a literal secret"


# --------------------------------------------------------------------------- final snapshots

BACKUP = FIXTURES / "missing-backup"


def test_documentdb_neptune_and_redshift_clusters_keep_a_final_snapshot():
    for good in ("good-tf-cluster-final-snapshots", "good-cfn-cluster-deletion-policy"):
        assert findings(BACKUP / good, "--select", "IL403") == [], good
    tf = findings(BACKUP / "bad-tf-cluster-final-snapshots", "--select", "IL403")
    assert [(f["resource"], f["start_line"]) for f in tf] == [
        ("aws_docdb_cluster.catalog", 7),
        ("aws_neptune_cluster.graph", 14),
        ("aws_redshift_cluster.warehouse", 22),
    ]
    cfn = findings(BACKUP / "bad-cfn-cluster-deletion-policy", "--select", "IL403")
    assert [(f["start_line"], f["message"]) for f in cfn] == [
        (
            3,
            "Catalog has no DeletionPolicy (CloudFormation's default for a DocumentDB cluster is "
            "Delete): deleting the stack destroys the data without a snapshot",
        ),
        (
            11,
            "Graph has DeletionPolicy Delete: deleting the stack destroys the data without a "
            "snapshot",
        ),
        (
            14,
            "Warehouse has no DeletionPolicy (CloudFormation's default for a Redshift cluster is "
            "Delete): deleting the stack destroys the data without a snapshot",
        ),
    ]


SEARCH_DOMAIN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      AccessPolicies:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: es:ESHttpGet
            Resource: arn:aws:es:eu-west-1:123456789012:domain/search/*
"""


def test_cloudformation_search_domain_access_policies_are_read(tmp_path):
    write(tmp_path, {"template.yaml": SEARCH_DOMAIN})
    found = findings(tmp_path, "--select", "IL502")
    assert [(f["resource"], f["start_line"]) for f in found] == [("Search", 11)]


# --------------------------------------------------------------------------- compose databases


def test_compose_databases_are_recognised_by_product_family():
    public = findings(
        FIXTURES / "public-database" / "bad-compose-product-families", "--select", "IL101"
    )
    assert [(f["start_line"], f["message"].split(" service")[0]) for f in public] == [
        (5, "redis"),
        (12, "mssql"),
        (18, "mariadb"),
    ]
    tools = FIXTURES / "public-database" / "good-compose-database-tools"
    assert findings(tools, "--select", "IL101,IL404") == []
    volumes = findings(
        FIXTURES / "missing-backup" / "bad-compose-product-families", "--select", "IL404"
    )
    assert [(f["start_line"], f["message"].split(": ")[-1]) for f in volumes] == [
        (3, "no volume is mounted on /var/opt/mssql"),
        (8, "no volume is mounted on /bitnami/postgresql"),
    ]


# --------------------------------------------------------------------------- SAM


def test_sam_policies_are_read_where_the_user_wrote_them():
    sam = FIXTURES / "wildcard-iam"
    assert findings(sam / "good-sam-policies", "--select", "wildcard-iam") == []
    found = findings(sam / "bad-sam-policies", "--select", "IL501,IL503")
    assert [(f["rule_id"], f["resource"], f["start_line"]) for f in found] == [
        ("IL503", "Admin", 10),
        ("IL501", "Worker", 24),
        ("IL503", "Flow", 31),
    ]


def test_a_record_outside_the_root_or_not_a_file_is_not_read(tmp_path):
    outside = write(tmp_path / "outside", {"RECORD": "mine/x.py,,\n"})
    root = write(tmp_path / "root", {"layer/mine/settings.env": "API_TOKEN=Zx9qWv7LmR4tY2pK8sNd\n"})
    (root / "layer" / "a-1.0.dist-info").mkdir()
    (root / "layer" / "a-1.0.dist-info" / "RECORD").symlink_to(outside / "RECORD")
    (root / "layer" / "b-1.0.dist-info").mkdir()
    os.mkfifo(root / "layer" / "b-1.0.dist-info" / "RECORD")
    assert ("IL306", "layer/mine/settings.env", 1) in located(root)


def test_a_published_port_is_named_for_what_the_product_serves_on_it(tmp_path):
    """Every port a database container publishes on all interfaces is reported; the message
    says which one is the product's own (its clients' port) and which is another."""
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  db:\n"
        "    image: bitnami/postgresql:16\n"
        "    ports:\n"
        '      - "5433:5432"\n'
        '      - "9187:9187"\n'
        "  cache:\n"
        "    image: redis/redis-stack:7.2.0-v10\n"
        "    ports:\n"
        '      - "8001:8001"\n'
    )
    done = infralint("scan", "--select", "IL101", "--format", "json", tmp_path)
    messages = {(f["start_line"], f["message"]) for f in json.loads(done.stdout)["findings"]}
    assert messages == {
        (
            5,
            "postgresql service services.db publishes its database port 5433:5432 on all "
            "interfaces; bind it to 127.0.0.1 or drop the mapping",
        ),
        (
            6,
            "postgresql service services.db publishes port 9187:9187 on all interfaces; bind it "
            "to 127.0.0.1 or drop the mapping",
        ),
        (
            10,
            "redis-stack service services.cache publishes its database port 8001:8001 on all "
            "interfaces; bind it to 127.0.0.1 or drop the mapping",
        ),
    }
