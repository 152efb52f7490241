"""Secret built into a container image.

## What it does
Finds secrets a Dockerfile puts into the image: an `ENV` or `ARG` whose name says secret
(`PASSWORD`, `API_TOKEN`, `AWS_SECRET_ACCESS_KEY`…) given a literal value, and a `COPY`/`ADD` of
a file that holds credentials (`.env`, a private key `*.pem` or `id_rsa`, `credentials`,
`credentials.json`, key stores) from the build context.

Not reported: an `ARG` without a default (the value is given at build time), values that
reference another variable (`${DB_PASSWORD}`), placeholders, and secrets mounted for one `RUN`
only (`RUN --mount=type=secret,id=npmrc …`), which is the right way.

## Why is this bad?
Every `ENV`, every `ARG` default and every copied file is stored in the image's layers and
configuration: anyone who can pull the image (a registry, a cache, a laptop) reads them with
`docker history` or `docker inspect`, and deleting the file in a later layer does not remove it.

## How to fix
Pass secrets at run time (the orchestrator's secrets, ECS `secrets`, compose `secrets:`), and
for build-time credentials use BuildKit secret mounts: `RUN --mount=type=secret,id=npmrc,target=
/root/.npmrc npm ci`. Rotate any secret that was built into an image.

## Example
```dockerfile
FROM node:20.14-alpine
ENV NPM_TOKEN=<the token itself>
COPY . /app
USER node
```

## Use instead
```dockerfile
FROM node:20.14-alpine
COPY . /app
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
USER node
```
"""

from infralint.facts.dockerfile import DockerfileCopy, DockerfileVariable

ID = "IL311"
NAME = "dockerfile-secret"
CATEGORY = "committed-secret"
SEVERITY = "high"
FACTS = (DockerfileVariable, DockerfileCopy)
FORMATS = ("dockerfile",)
ONE_PER_LINE = True

_SECRET_FILES = {".env": "a dotenv file", "credentials": "a credentials file"}
_CERTIFICATE_WORDS = ("cert", "chain", "ca", "bundle", "pub", "public", "root")


def check(ctx, fact):
    if isinstance(fact, DockerfileVariable):
        yield from _variable(ctx, fact)
    elif not fact.from_stage:
        what = secret_file(fact.source.value)
        if what:
            res = fact.resource
            yield ctx.finding(
                res,
                fact.source,
                f"{res.address} {fact.keyword}s {fact.source.value} ({what}) into the image",
            )


def _variable(ctx, var):
    from infralint.secrets import is_secret_name, looks_secret

    value = var.value.value
    if not var.value.explicit or not isinstance(value, str) or not is_secret_name(var.name):
        return
    if looks_secret(value):
        res = var.resource
        yield ctx.finding(
            res,
            var.value,
            f"{res.address} sets {var.kind} {var.name} to a literal secret, kept in the image",
            redact=(value,),
        )


def secret_file(source):
    """What the copied ``source`` is when it holds credentials ("" otherwise)."""
    from infralint.secrets import secret_file_kind

    if not isinstance(source, str) or "://" in source:
        return ""
    base = source.rstrip("/").rsplit("/", 1)[-1]
    low = base.lower()
    if low in _SECRET_FILES or low == "credentials.json":
        return _SECRET_FILES.get(low, "a credentials file")
    if low.endswith(".pem") and not _certificate(low[:-4]):
        return "a private key"
    return secret_file_kind(base) or ""


def _certificate(stem):
    """A ``.pem`` named like a certificate (``ca.pem``, ``cert.pem``, ``fullchain.pem``)."""
    words = [w for w in stem.replace("_", "-").replace(".", "-").split("-") if w]
    return any(w.startswith(_CERTIFICATE_WORDS) or w.endswith(("cert", "chain")) for w in words)
