# infralint in a container: docker run --rm -v "$PWD:/src" infralint scan .
# Build from a checkout of a release tag: docker build -t infralint .

FROM python:3.12-slim AS build
WORKDIR /build
COPY pyproject.toml README.md ./
COPY infralint ./infralint
COPY rules ./rules
RUN pip install --no-cache-dir --upgrade pip build \
    && python -m build --wheel --outdir /dist .

FROM python:3.12-slim
LABEL org.opencontainers.image.title="infralint" \
      org.opencontainers.image.description="Static security linter for Terraform, CloudFormation and docker-compose" \
      org.opencontainers.image.source="https://github.com/infralint/infralint" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    INFRALINT_CACHE_DIR=/tmp/infralint-cache
COPY --from=build /dist /dist
RUN pip install --no-cache-dir /dist/*.whl \
    && rm -rf /dist \
    && useradd --create-home --uid 10001 --user-group infralint
USER infralint
WORKDIR /src
ENTRYPOINT ["infralint"]
CMD ["scan", "."]
