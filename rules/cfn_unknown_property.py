"""CloudFormation property that the resource type does not have.

## What it does
Checks every property of a CloudFormation resource, and of the nested objects the type
defines, against the type's resource provider schema (the schemas bundled with cfn-lint), and
suggests the closest name. Custom resources (`Custom::*`,
`AWS::CloudFormation::CustomResource`), SAM, module and third-party types have no provider
schema and are not checked, nor are templates that a macro (`Transform` other than SAM and
`AWS::LanguageExtensions`) rewrites before deployment. A `ValueFrom` in an ECS container's
`Environment` is left to `ecs-environment-valuefrom`, whose message says where it belongs.

## Why is this bad?
A misspelt property is a setting that never applies: `PubliclyAccesible: false` leaves the
AWS default in force. The rule catalog says CloudFormation ignores it; in fact, for
registry-schema types CloudFormation fails the resource at deploy time ("Encountered unsupported
property") and rolls the stack back, after the earlier resources were created. Either way the
template does not do what it says, and only a deployment tells.

## How to fix
Use the property name the message suggests, or remove the property.

## Example
```yaml
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      PubliclyAccesible: false
```

## Use instead
```yaml
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      PubliclyAccessible: false
```
"""

from infralint.facts import cfn_schema
from infralint.facts.cfn_schema import TemplateResource

ID = "IL1101"
NAME = "cfn-unknown-property"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (TemplateResource,)
FORMATS = ("cloudformation",)


def check(ctx, template_resource):
    res = template_resource.resource
    if template_resource.rewritten:
        return
    root = ctx.memo("cfn-schema-root", cfn_schema.schemas_root)
    index = ctx.memo("cfn-schema-index", lambda: cfn_schema.load_index(root))
    schema = ctx.memo(
        ("cfn-schema", res.type), lambda: cfn_schema.load_schema(root, index, res.type)
    )
    if schema is None:
        return
    for path, name, known in cfn_schema.unknown_properties(template_resource.properties, schema):
        if name == "ValueFrom" and path[::2] == ("ContainerDefinitions", "Environment"):
            continue  # ecs-environment-valuefrom reports it, with the fix
        where = f" in {_dotted(path)}" if path else ""
        yield ctx.finding(
            res,
            path + (name,),
            f"{res.address}: {res.type} has no property {name!r}{where}"
            f"{_suggestion(name, known)}: CloudFormation rejects it, the setting never applies",
        )


def _suggestion(name, known):
    import difflib

    same = [k for k in known if k.lower() == name.lower()]
    close = same or difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _dotted(path):
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
