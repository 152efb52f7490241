"""Secret template parameter shown in clear.

## What it does
Finds CloudFormation parameters named like a secret (a password, a secret, a token, an API
key) without `NoEcho: true` (NoEcho is false by default). Parameters that name or point at a
secret are not reported: `…Arn`, `…Name`, `…Id`, `KeyName` (an EC2 key pair's name),
`…ParameterName`, `…Stack` (the name of another stack), parameters with `AllowedValues` (a
choice written in the template, such as a `true`/`false` switch), and parameters of an
AWS-specific type (`AWS::SSM::Parameter::Value<…>`,
`AWS::EC2::KeyPair::KeyName`) or of type `Number`.

## Why is this bad?
CloudFormation shows the value of a parameter without `NoEcho` to anyone who can describe the
stack: in the console, in `describe-stacks` output and in change sets and events.

## How to fix
Add `NoEcho: true`, or better, keep the secret in Secrets Manager and refer to it with a
dynamic reference (`{{resolve:secretsmanager:…}}`) instead of a parameter.

## Example
```yaml
Parameters:
  DatabasePassword:
    Type: String
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.medium
      AllocatedStorage: "20"
      MasterUsername: orders
      MasterUserPassword: !Ref DatabasePassword
```

## Use instead
```yaml
Parameters:
  DatabasePassword:
    Type: String
    NoEcho: true
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.medium
      AllocatedStorage: "20"
      MasterUsername: orders
      MasterUserPassword: !Ref DatabasePassword
```
"""

from infralint.facts.messaging import TemplateParameter

ID = "IL309"
NAME = "secret-parameter-not-noecho"
CATEGORY = "committed-secret"
SEVERITY = "medium"
FACTS = (TemplateParameter,)
FORMATS = ("cloudformation",)


def check(ctx, parameter):
    from infralint.secrets import is_secret_name

    types = parameter.type.possible()
    if any(not isinstance(t, str) or t.startswith("AWS::") or t == "Number" for t in types):
        return
    name = parameter.resource.address
    if not parameter.allowed_values.defaulted or name.lower().endswith("stack"):
        return  # a choice written in the template; the name of another stack
    if not is_secret_name(name):
        return
    if parameter.no_echo.may_be_false():
        yield ctx.finding(
            parameter.resource,
            parameter.no_echo,
            f"parameter {parameter.resource.address} looks like a secret but is shown in clear "
            f"to anyone who can describe the stack{parameter.no_echo.why}",
        )
