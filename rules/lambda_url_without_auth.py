"""Lambda function URL without authentication.

## What it does
Finds Lambda function URLs whose authorization type is `NONE`:
`aws_lambda_function_url.authorization_type`, CloudFormation `AWS::Lambda::Url` `AuthType` and
SAM `FunctionUrlConfig.AuthType`.

## Why is this bad?
With `NONE` anyone on the internet who learns the URL can invoke the function, as often as
they like: the function's permissions, its data and the bill are theirs to use, unless the code
itself authenticates every request.

## How to fix
Use `AWS_IAM` (callers sign their requests), or put the function behind API Gateway or
CloudFront with an authorizer.

## Example
```hcl
resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "NONE"
}
```

## Use instead
```hcl
resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
}
```
"""

from infralint.facts.apis import FunctionUrl

ID = "IL603"
NAME = "lambda-url-without-auth"
CATEGORY = "public-exposure"
SEVERITY = "high"
FACTS = (FunctionUrl,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, url):
    if "NONE" in url.auth_type.possible():
        yield ctx.finding(
            url.resource,
            url.auth_type,
            f"{url.resource.address}: anyone who knows the function URL can invoke it "
            "(authorization type NONE)",
        )
