"""IAM policy allows actions on every resource.

## What it does
Finds `Allow` statements of identity policies (`aws_iam_policy`, inline role/user/group
policies, `aws_iam_policy_document`, CloudFormation `PolicyDocument` / `Policies`) whose
`Resource` is `"*"` and whose actions can be scoped to resource ARNs. The finding is high when
an action reads or hands out secrets, data or roles: `iam:PassRole`, `sts:AssumeRole`,
`secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `kms:Decrypt`, `s3:GetObject`,
`s3:PutObject`, `s3:DeleteObject`, `lambda:InvokeFunction`, `dynamodb:*Item` (also when a
pattern such as `s3:Get*` covers one).

Not reported: actions that accept only `"*"` in the Service Authorization Reference
(`ecr:GetAuthorizationToken`, `sts:GetCallerIdentity`, `cloudwatch:PutMetricData`, `xray:Put*`,
the SSM agent's own calls) and read-only listings (`Describe*`, `List*`); `Action "*"`,
`<service>:*` and `NotAction` (reported by `iam-wildcard-action`); KMS key policies (`"*"` there
is the key itself), resource policies, trust policies, SCPs.

## Why is this bad?
`Resource "*"` grants the action on every resource of the account, today's and tomorrow's:
`iam:PassRole` on `"*"` lets the holder hand any role, an administrator's included, to a
service it controls; `secretsmanager:GetSecretValue` on `"*"` reads every secret.

## How to fix
Name the ARNs the workload uses (`arn:aws:s3:::uploads/*`, the role it passes, the secret it
reads), or a path or name prefix with a wildcard inside the ARN.

## Example
```hcl
resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "iam:PassRole"]
      Resource = "*"
    }]
  })
}
```

## Use instead
```hcl
resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"
    }]
  })
}
```
"""

from fnmatch import fnmatchcase

from infralint.facts import PolicyStatement

ID = "IL504"
NAME = "iam-wildcard-resource"
CATEGORY = "wildcard-iam"
SEVERITY = "medium"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")

# Actions that read or hand out secrets, data or roles.
SENSITIVE = (
    "iam:passrole",
    "sts:assumerole",
    "secretsmanager:getsecretvalue",
    "ssm:getparameter",
    "ssm:getparameters",
    "ssm:getparametersbypath",
    "ssm:getparameterhistory",
    "kms:decrypt",
    "s3:getobject",
    "s3:putobject",
    "s3:deleteobject",
    "lambda:invokefunction",
    "dynamodb:getitem",
    "dynamodb:putitem",
    "dynamodb:updateitem",
    "dynamodb:deleteitem",
    "dynamodb:batchgetitem",
    "dynamodb:batchwriteitem",
)

# Actions that accept only "*" (Service Authorization Reference), and read-only listings.
ONLY_STAR = (
    "*:describe*",
    "*:list*",
    "ecr:getauthorizationtoken",
    "sts:getcalleridentity",
    "sts:getsessiontoken",
    "sts:decodeauthorizationmessage",
    "sts:getaccesskeyinfo",
    "cloudwatch:putmetricdata",
    "cloudwatch:getmetricdata",
    "cloudwatch:getmetricstatistics",
    "cloudwatch:getmetricwidgetimage",
    "xray:put*",
    "xray:getsampling*",
    "ssmmessages:*",
    "ec2messages:*",
    "ssm:updateinstanceinformation",
    "ssm:getdeployablepatchsnapshotforinstance",
    "ssm:putinventory",
    "ssm:putcomplianceitems",
    "ssm:putconfigurepackageresult",
    "ssm:updateinstanceassociationstatus",
    "iam:getaccountsummary",
    "iam:getaccountpasswordpolicy",
    "iam:generatecredentialreport",
    "iam:getcredentialreport",
    "kms:createkey",
    "kms:generaterandom",
    "secretsmanager:getrandompassword",
    "tag:get*",
    "ce:get*",
    "pricing:*",
    "support:*",
    "ecs:registertaskdefinition",
    "ecs:deregistertaskdefinition",
    "lambda:createeventsourcemapping",
    "lambda:getaccountsettings",
    "servicediscovery:discoverinstances",
    "cloudformation:validatetemplate",
    "logs:*logdelivery",
    "logs:listlogdeliveries",
    "logs:*resourcepolicy",
    "logs:describeresourcepolicies",
    "ecs:discoverpollendpoint",
    "ecs:createcluster",
    "config:*retentionconfiguration",
    "comprehend:detect*",
    "rekognition:detect*",
    "bedrock:*foundationmodelagreement",
    "bedrock:*usecaseformodelaccess",
    "bedrock:getfoundationmodelavailability",
    "bedrock:putfoundationmodelentitlement",
    "bedrock:*modelinvocationloggingconfiguration",
    "aoss:*securitypolicy",
    "aoss:*accesspolicy",
    "secretsmanager:batchgetsecretvalue",
    "config:putevaluations",
    "comprehend:batchdetect*",
    "kafka:createconfiguration",
    "iam:*accountpasswordpolicy",
    "translate:translatetext",
)


def check(ctx, stmt):
    if stmt.policy_kind != "identity" or stmt.effect.value != "Allow" or stmt.has_not_action:
        return
    if "*" not in stmt.resources.value:
        return
    scoped = [a for a in stmt.actions.value if _can_be_scoped(a)]
    if not scoped:
        return
    sensitive = [a for a in scoped if _sensitive(a)]
    named = ", ".join(sensitive or scoped)
    yield ctx.finding(
        stmt.resource,
        stmt.resources,
        f'{stmt.resource.address} allows {named} on every resource (Resource "*"); '
        "name the ARNs it needs",
        severity="high" if sensitive else None,
    )


def _can_be_scoped(action) -> bool:
    if not isinstance(action, str) or ":" not in action:
        return False
    text = action.lower()
    if text.endswith(":*"):  # a service wildcard: iam-wildcard-action's
        return False
    return not any(fnmatchcase(text, pattern) for pattern in ONLY_STAR)


def _sensitive(action: str) -> bool:
    pattern = action.lower()
    return any(fnmatchcase(name, pattern) for name in SENSITIVE)
