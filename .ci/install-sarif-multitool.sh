#!/usr/bin/env bash
# Install Microsoft's SARIF Multitool (the validator with GitHub's ingestion rules) into the
# repository's node_modules/ (gitignored). tests/sarif_validator.py finds it there.
# Needs node and npm; the npm package carries a self-contained native binary (no .NET install).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
tool=node_modules/.bin/sarif-multitool

installed="$([ -e "$tool" ] && "$tool" --version 2>&1 || true)"
if [[ "$installed" == *"Multitool $version"* ]]; then
  echo "sarif-multitool $version already installed"
  exit 0
fi

npm install --no-save --no-package-lock --no-audit --no-fund --prefix . \
  "@microsoft/sarif-multitool@$version"
# the package's own postinstall (chmod) may be skipped by npm's install-script policy
chmod u+x node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool* 2>/dev/null || true
"$tool" --version
