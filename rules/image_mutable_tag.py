"""Container image without a fixed version.

## What it does
Finds container images given without a tag or with the tag `latest`: a compose service's
`image`, an ECS container definition's `image` (Terraform `container_definitions`,
CloudFormation `ContainerDefinitions`) and every Dockerfile `FROM` that names an image. An image
written without a tag is pulled as `latest`.

## Why is this bad?
`latest` is whatever was pushed last: the same configuration deploys different software from
one day to the next, a rollback does not roll back, and a compromised or broken upstream push
reaches production without a change in the repository.

## How to fix
Pin a version tag (`postgres:16.3`), or better a digest (`postgres:16.3@sha256:…`), and update
it deliberately (Dependabot and Renovate do that for compose files, task definitions and
Dockerfiles).

Not reported: digests (`@sha256:`), fixed tags, `FROM` of an earlier build stage, `FROM
scratch`, compose services that build their image (`build:`), images whose name is given at
deploy or build time (`${IMAGE}`, an `ARG` without default) and placeholders
(`REPLACE_ME_WITH_IMAGE_URI`).

## Example
```dockerfile
FROM node
COPY . /app
USER node
```

## Use instead
```dockerfile
FROM node:20.14-alpine
COPY . /app
USER node
```
"""

import re

from infralint.facts import Container
from infralint.facts.dockerfile import DockerfileStage

ID = "IL1301"
NAME = "image-mutable-tag"
CATEGORY = "container"
SEVERITY = "medium"
FACTS = (Container, DockerfileStage)
FORMATS = ("compose", "terraform", "cloudformation", "dockerfile")

_PLACEHOLDER = re.compile(r"replace|your[-_]|[<>]", re.I)


def check(ctx, fact):
    if isinstance(fact, DockerfileStage):
        if fact.base_stage:
            return
        image, what = fact.base, f"{fact.resource.address} starts FROM"
    elif fact.runtime == "image" or fact.built:  # Dockerfiles: their FROM is judged
        return
    else:
        image, what = fact.image, f"{fact.resource.address}{_container(fact)} runs"
    if not image.explicit:
        return
    for ref in image.possible():
        why = mutable(ref)
        if why:
            yield ctx.finding(
                fact.resource,
                image,
                f"{what} {ref} {why}: the image can change without any change here; "
                "pin a version tag or a digest",
            )
            return


def _container(container):
    """`` (container web)`` for an ECS container definition (a task may hold several)."""
    return f" (container {container.name})" if container.runtime.startswith("ecs") else ""


def mutable(ref):
    """Why the image reference ``ref`` is mutable ("" when it is pinned or not judged)."""
    if not isinstance(ref, str):
        return ""
    ref = ref.strip()
    if not ref or "$" in ref or "{" in ref or "@" in ref or ref.lower() == "scratch":
        return ""
    if _PLACEHOLDER.search(ref):  # REPLACE_ME_WITH_IMAGE_URI, <your-image>: filled in later
        return ""
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return "without a tag (pulled as latest)"
    return "with the tag latest" if last.split(":", 1)[1].lower() == "latest" else ""
