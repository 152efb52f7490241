"""ECS secret that the task's execution role cannot read.

## What it does
Follows each ECS container secret (`secrets[].valueFrom`, CloudFormation `Secrets[].ValueFrom`)
to the task definition's *execution* role and every policy that role has: inline policies, role
policies, attached customer policies, the policy documents they use and AWS managed policies.
Reports the secret when none of them allows `secretsmanager:GetSecretValue` (Secrets Manager) or
`ssm:GetParameters` (Parameter Store) on it, and when the task has no execution role at all.

`AmazonECSTaskExecutionRolePolicy`, the managed policy most execution roles get, does **not**
grant either action. The rule is silent when anything on the way cannot be known: a role given as
an ARN or from a module, a policy written by a function, an AWS managed policy it does not know,
a `NotAction` statement. A secret encrypted with a customer managed KMS key also needs
`kms:Decrypt`, which this rule does not check.

## Why is this bad?
ECS fetches the secrets with the execution role before the container starts. Without the
permission the task never starts (`ResourceInitializationError: unable to pull secrets`), which
is found only at deployment, often in production.

## How to fix
Give the execution role a policy allowing `secretsmanager:GetSecretValue` (or
`ssm:GetParameters`) on the secret's ARN.

## Example
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_iam_role" "execution" {
  name = "app-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_ecs_task_definition" "app" {
  family             = "app"
  execution_role_arn = aws_iam_role.execution.arn
  container_definitions = jsonencode([
    {
      name    = "app"
      image   = "example/app:1.4.2"
      secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
    },
  ])
}
```

## Use instead
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_iam_role" "execution" {
  name = "app-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "secrets" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = aws_secretsmanager_secret.db.arn
    }]
  })
}

resource "aws_ecs_task_definition" "app" {
  family             = "app"
  execution_role_arn = aws_iam_role.execution.arn
  container_definitions = jsonencode([
    {
      name    = "app"
      image   = "example/app:1.4.2"
      secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
    },
  ])
}
```
"""

from fnmatch import fnmatchcase

from infralint.facts import Container, ManagedPolicyAttachment, PolicyStatement
from infralint.model import Ref

ID = "IL1104"
NAME = "ecs-secret-not-readable"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (Container,)
READS = (PolicyStatement, ManagedPolicyAttachment)
FORMATS = ("terraform", "cloudformation")

_ACTIONS = {"secretsmanager": "secretsmanager:GetSecretValue", "ssm": "ssm:GetParameters"}
# AWS managed policies known to grant (or not) the actions: policy name → services allowed.
_MANAGED = {
    "AdministratorAccess": {"secretsmanager", "ssm"},
    "PowerUserAccess": {"secretsmanager", "ssm"},
    "SecretsManagerReadWrite": {"secretsmanager"},
    "AmazonSSMReadOnlyAccess": {"ssm"},
    "AmazonSSMFullAccess": {"ssm"},
    "AmazonECSTaskExecutionRolePolicy": set(),
    "AmazonEC2ContainerRegistryReadOnly": set(),
    "CloudWatchLogsFullAccess": set(),
}
_MANAGED_PREFIX = ":iam::aws:policy/"


def check(ctx, container):
    from infralint.facts.containers import role_policy_sources, secret_service  # when needed

    if not container.runtime.startswith("ecs") or not container.secrets:
        return
    role = container.execution_role
    res = container.resource
    if role.defaulted:
        for secret in container.secrets:
            yield ctx.finding(
                res,
                secret.value,
                f"secret {secret.name} of container {container.name or '?'} ({res.address}) "
                "cannot be fetched: the task definition has no execution role",
            )
        return
    key = ctx.graph.target(res, role.value)
    sources = ctx.memo(("ecs-secret-not-readable", "roles"), lambda: role_policy_sources(ctx.graph))
    if not sources.get(key):  # unknown role (an ARN, a module output) or unknown policies
        return
    statements = ctx.index(PolicyStatement, by="resource.key")
    attached = ctx.index(ManagedPolicyAttachment, by="resource.key")
    for secret in container.secrets:
        service = secret_service(ctx.graph, res, secret.value)
        verdict = _managed(service, [a for k in sources[key] for a in attached.get(k, [])])
        for k in sources[key]:
            for statement in statements.get(k, []):
                verdict = _either(verdict, _allows(statement, service, secret.value.value))
        if verdict is False:
            action = _ACTIONS.get(service, " or ".join(_ACTIONS.values()))
            yield ctx.finding(
                res,
                secret.value,
                f"secret {secret.name} of container {container.name or '?'} ({res.address}) "
                f"cannot be fetched: the execution role {ctx.resource(key).address} is not "
                f"allowed {action} on it (the task fails to start)",
            )


def _either(a, b):
    """True when either allows; None (unknown) when neither does and one may; else False."""
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _managed(service: str, attachments: list):
    verdict = False
    for attachment in attachments:
        arn = attachment.arn.value
        if isinstance(arn, Ref):
            continue  # a policy of this configuration: its statements are judged
        name = arn.rsplit("/", 1)[-1] if isinstance(arn, str) and _MANAGED_PREFIX in arn else ""
        grants = _MANAGED.get(name)
        if grants is None:
            verdict = _either(verdict, None)
        elif service in grants or (not service and grants):
            return True
    return verdict


def _allows(statement, service: str, secret):
    if statement.policy_kind != "identity":
        return False
    if statement.has_not_action:
        return None
    if statement.effect.unknown or statement.actions.unknown or statement.resources.unknown:
        return None
    if "Allow" not in statement.effect.possible():
        return False
    wanted = [_ACTIONS[service]] if service else list(_ACTIONS.values())
    verdict = False
    for action in statement.actions.value:
        if not isinstance(action, str):
            verdict = _either(verdict, None)
        elif any(fnmatchcase(w.lower(), action.lower()) for w in wanted):
            verdict = True
            break
    if verdict is not True:
        return verdict
    if statement.not_resources.explicit:
        return None
    verdict = False
    for resource in statement.resources.value:
        verdict = _either(verdict, _covers(resource, secret))
    return verdict


def _covers(resource, secret):
    """Whether a statement's resource covers the secret (None when that cannot be told)."""
    if resource == "*":
        return True
    if isinstance(resource, Ref) and isinstance(secret, Ref):
        return resource.address == secret.address
    if isinstance(resource, str) and isinstance(secret, str):
        if not secret.startswith("arn:"):  # a parameter of the task's region and account
            pattern = resource.partition(":parameter")[2]
            return fnmatchcase("/" + secret.lstrip("/"), "/" + pattern.lstrip("/"))
        arn = ":".join(secret.split(":")[:7]) if ":secretsmanager:" in secret else secret
        return fnmatchcase(arn, resource)
    return None  # a reference against a literal, or a value not known
