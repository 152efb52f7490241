"""Run Microsoft's SARIF Multitool with GitHub's ingestion rules on a SARIF file.

The tool is found, in order, at ``$INFRALINT_SARIF_MULTITOOL``, at
``node_modules/.bin/sarif-multitool`` under the repository (``.ci/install-sarif-multitool.sh``
puts it there), or on ``PATH``. ``validate(path)`` returns the errors and warnings it reports
("error GH2012 runs[0]...: text"); notes are advice and are left out.

The npm package's launcher runs the native tool through a shell without quoting, which would cut
``--rule-kind "Gh;Sarif"`` at the ``;``: the native binary beside it is run instead.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV_VAR = "INFRALINT_SARIF_MULTITOOL"
RULE_KINDS = "Gh;Sarif"


def find_multitool() -> list[str] | None:
    """The command that runs the multitool, or None when it is not installed."""
    candidates = [
        os.environ.get(ENV_VAR, ""),
        str(REPO / "node_modules" / ".bin" / "sarif-multitool"),
        shutil.which("sarif-multitool") or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return _command(Path(candidate))
    return None


def _command(path: Path) -> list[str]:
    real = path.resolve()
    if real.suffix != ".js":
        return [str(real)]
    # the npm launcher: prefer the native binary of this platform's package beside it
    platform = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, "")
    exe = "Sarif.Multitool.exe" if platform == "win32" else "Sarif.Multitool"
    native = real.parent.parent / f"sarif-multitool-{platform}" / exe
    if platform and native.is_file():
        return [str(native)]
    return ["node", str(real)]  # arguments must then be quoted for its shell


def validate(sarif_path: str | os.PathLike, command: list[str] | None = None) -> list[str]:
    """The errors and warnings the multitool reports for ``sarif_path``."""
    command = command or find_multitool()
    if command is None:
        raise FileNotFoundError(
            f"sarif-multitool not found (set {ENV_VAR} or run .ci/install-sarif-multitool.sh)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "validation.sarif"
        args = [
            str(sarif_path),
            "--rule-kind",
            RULE_KINDS,
            "--level",
            "Error;Warning",
            "--output",
            str(out),
            "--log",
            "ForceOverwrite",
            "--quiet",
        ]
        if command[0] == "node":  # the launcher joins its arguments for a shell
            args = [shlex.quote(a) for a in args]
        env = dict(
            os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1"
        )
        proc = subprocess.run(
            [*command, "validate", *args], capture_output=True, text=True, env=env, timeout=300
        )
        if proc.returncode != 0 or not out.is_file():
            raise RuntimeError(
                f"sarif-multitool failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
            )
        log = json.loads(out.read_text(encoding="utf-8-sig"))
    return problems(log)


def problems(log: dict) -> list[str]:
    """Errors and warnings in a multitool output log, as readable lines."""
    found = []
    for run in log.get("runs", []):
        rules = {r.get("id"): r for r in run.get("tool", {}).get("driver", {}).get("rules", [])}
        for result in run.get("results", []):
            level = result.get("level", "warning")
            if level in ("error", "warning"):
                found.append(
                    f"{level} {result.get('ruleId')}: "
                    f"{_text(result.get('message', {}), rules.get(result.get('ruleId')))}"
                )
        for inv in run.get("invocations", []):
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for note in inv.get(key, []):
                    if note.get("level", "warning") in ("error", "warning"):
                        found.append(
                            f"{note.get('level', 'warning')} {key}: "
                            f"{note.get('message', {}).get('text', '')}"
                        )
    return found


def _text(message: dict, rule: dict | None) -> str:
    """A result message: its text, or its message string filled with its arguments."""
    if "text" in message:
        return message["text"]
    args = message.get("arguments", [])
    template = (rule or {}).get("messageStrings", {}).get(message.get("id", ""), {}).get("text")
    if not template:
        return f"{message.get('id', '')} {args}"
    for i, arg in enumerate(args):
        template = template.replace(f"{{{i}}}", str(arg))
    return template


if __name__ == "__main__":
    found = []
    for name in sys.argv[1:]:
        found += [f"{name}: {p}" for p in validate(name)]
    print("\n".join(found) or "0 errors, 0 warnings")
    sys.exit(1 if found else 0)
