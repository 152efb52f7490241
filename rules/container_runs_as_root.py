"""Container running as root.

## What it does
Finds containers that run as root: a Dockerfile whose final stage sets no `USER` (neither in
that stage nor in the earlier stages it is built `FROM`, whose `USER` it inherits) or whose last
`USER` is `root` or `0`; a compose service or ECS container definition whose `user` is `root`
or `0`.

When a Dockerfile sets no `USER`, the image runs as its base image's user, which is root for
almost every base image (`node`, `python`, `nginx`, `alpine`, `scratch`…). Not reported then:
base images that set an unprivileged user (distroless `:nonroot`, .NET `chiseled`), AWS Lambda
base images (`public.ecr.aws/lambda/…`: Lambda runs the function as its own unprivileged
user), Windows images, and a base image given at build time (an `ARG` without default). A compose
or ECS container without `user` runs as its image's `USER`: that is judged on the Dockerfile.

## Why is this bad?
Root in a container is root on the host's kernel: a process that escapes (a kernel or runtime
bug, a mounted socket, a writable host path) has the host. It can also rewrite the application
and everything else in the container.

## How to fix
Create an unprivileged user in the Dockerfile and switch to it before the final `CMD`
(`USER 10001` or `USER app`), or set `user: "10001:10001"` in compose / `"user": "10001"` in the
task definition.

## Example
```dockerfile
FROM python:3.12-slim
COPY app.py /app/app.py
CMD ["python", "/app/app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN useradd --uid 10001 --no-create-home app
COPY app.py /app/app.py
USER app
CMD ["python", "/app/app.py"]
```
"""

from infralint.facts import Container

ID = "IL1302"
NAME = "container-runs-as-root"
CATEGORY = "container"
SEVERITY = "medium"
FACTS = (Container,)
FORMATS = ("compose", "terraform", "cloudformation", "dockerfile")

# Base images that do not run as root: distroless ``:nonroot`` and .NET ``chiseled`` images set
# an unprivileged USER; Lambda runs a function as its own unprivileged user whatever the image
# says; Windows images have no root.
_NOT_JUDGED = (
    "nonroot",
    "chiseled",
    "public.ecr.aws/lambda/",
    "amazon/aws-lambda-",
    "windows",
    "nanoserver",
    "servercore",
)


def check(ctx, container):
    user, res = container.user, container.resource
    if user.unknown:
        return
    if user.defaulted:
        if container.runtime == "image" and _root_by_default(container.image):
            yield ctx.finding(res, user, f"{res.address} runs as root: {user.reason}")
        return
    for value in user.possible():
        if is_root(value):
            yield ctx.finding(res, user, f"{res.address}{_name(container)} runs as root ({value})")
            return


def is_root(user):
    """``root``, ``0``, ``root:group``, ``0:0``."""
    if isinstance(user, int) and not isinstance(user, bool):
        return user == 0
    return isinstance(user, str) and user.split(":", 1)[0].strip().lower() in ("root", "0")


def _root_by_default(image):
    """Whether the base image runs as root when no USER is set (unknown base: not judged)."""
    refs = [r for r in image.possible() if isinstance(r, str)]
    return bool(refs) and not any(word in r.lower() for r in refs for word in _NOT_JUDGED)


def _name(container):
    return f" (container {container.name})" if container.runtime.startswith("ecs") else ""
