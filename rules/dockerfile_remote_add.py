"""Dockerfile that runs or adds files downloaded without a checksum.

## What it does
Finds `ADD https://…` (or `http://`, `ftp://`) without `--checksum=`, and `RUN` commands that
pipe a download straight into a shell (`curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`,
`bash <(curl …)`), heredoc scripts included.

## Why is this bad?
What the server returns at build time goes into the image unchecked: a compromised or hijacked
download site, or a changed release, puts its code into every image built afterwards, and the
same Dockerfile builds different images from one day to the next.

## How to fix
Give `ADD` the expected digest (`ADD --checksum=sha256:… https://…`), or download with `curl`,
verify with `sha256sum -c` and only then run or unpack the file; prefer the distribution's
packages where they exist.

## Example
```dockerfile
FROM debian:12-slim
ADD https://example.com/tool-1.4.2.tar.gz /opt/
RUN curl -fsSL https://example.com/install.sh | sh
USER nobody
```

## Use instead
```dockerfile
FROM debian:12-slim
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    https://example.com/tool-1.4.2.tar.gz /opt/
USER nobody
```
"""

import re
from functools import cache

from infralint.facts.dockerfile import DockerfileCopy, DockerfileRun

ID = "IL1307"
NAME = "dockerfile-remote-add"
CATEGORY = "container"
SEVERITY = "low"
FACTS = (DockerfileCopy, DockerfileRun)
FORMATS = ("dockerfile",)

_URL = re.compile(r"^(?:https?|ftp)://", re.I)
_FETCH = r"\b(?:curl|wget)\b"
_SHELL = r"(?:sudo\s+(?:-\S+\s+)*)?(?:/usr)?(?:/bin/)?\b(?:ba|z|da|k|a)?sh\b"


@cache
def _piped():
    """``curl … | sh`` (through other pipes too), ``sh -c "$(curl …)"``, ``bash <(curl …)``.
    RE2: linear in the command's length whatever the command (the tree is untrusted)."""
    import re2

    return re2.compile(
        rf"{_FETCH}[^;&\n]*?\|\s*{_SHELL}|{_SHELL}[^;&|\n]*?(?:<\(|\$\(|`)\s*{_FETCH}"
    )


def check(ctx, fact):
    res = fact.resource
    if isinstance(fact, DockerfileCopy):
        source = fact.source.value
        remote = isinstance(source, str) and _URL.match(source)
        if fact.keyword == "ADD" and remote and not fact.checksum:
            yield ctx.finding(
                res,
                fact.source,
                f"{res.address} ADDs {source} without --checksum: the download is not verified",
            )
        return
    command = fact.command.replace("||", ";;")  # `a || sh b` is no pipe (offsets kept)
    for match in _piped().finditer(command):
        span = fact.span_of(match.start(), match.end())
        yield ctx.file_finding(
            res.path,
            span,
            f"{res.address} runs a script downloaded at build time without checking it "
            f"({_short(fact.command[match.start() : match.end()])})",
            resource=res.address,
        )


def _short(text):
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
