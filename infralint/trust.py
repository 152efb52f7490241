"""What a configuration may do, by where it was found.

A configuration named with ``--config`` or kept in the user's own configuration directory is
the user's. One found in the scanned tree belongs to the tree, which a pull request can change:

- its ``rules_paths`` (Python code) are not loaded without ``--allow-local-rules``;
- its ``[terraform] var_files`` and ``[cloudformation] params`` are read only inside the
  repository that holds it (never ``~/.aws/credentials`` or ``/proc/self/environ``);
- what it turns off (rules, severities, the failure threshold) is said on stderr, so the gate
  is never silenced unseen.

Paths in a configuration are relative to the directory of the file that names them.
"""

from __future__ import annotations

import os

from infralint.escape import escape
from infralint.model import Diagnostic


def _warning(message: str) -> Diagnostic:
    return Diagnostic("", message, level="warning", stage="config")


def _shown(source: str) -> str:
    from infralint.config import shown

    return escape(shown(source))


def _base(source: str | None) -> str:
    return os.path.dirname(os.path.abspath(source)) if source else os.getcwd()


def rules_paths(cfg, source: str | None, allowed: bool, problems: list[Diagnostic]) -> list[str]:
    """The configuration's ``rules_paths``, or none (and a warning) when they may not load."""
    if not cfg.rules_paths:
        return []
    if not allowed:
        problems.append(
            _warning(
                f"rules_paths of {_shown(source or '')} not loaded: local rules run as Python "
                "code, and a configuration found in the scanned tree may only load them with "
                "--allow-local-rules"
            )
        )
        return []
    return [os.path.join(_base(source), p) for p in cfg.rules_paths]


def input_files(
    cfg, source: str | None, trusted: bool, problems: list[Diagnostic]
) -> tuple[list[str], str | None]:
    """``[terraform] var_files`` and ``[cloudformation] params``, relative to the
    configuration file; from the scanned tree's configuration only those inside its
    repository."""
    from infralint.discover import repo_root

    base = _base(source)
    boundary = os.path.realpath(repo_root(base) or base)

    def allowed(path: str) -> str | None:
        full = os.path.join(base, path)
        real = os.path.realpath(full)
        if trusted or real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep):
            return full
        problems.append(
            _warning(
                f"{_shown(source or '')} names {escape(path)!r}, outside its repository; "
                "a configuration found in the scanned tree reads only files inside it"
            )
        )
        return None

    var_files = [p for p in map(allowed, cfg.terraform.var_files) if p]
    params = allowed(cfg.cloudformation.params) if cfg.cloudformation.params else None
    return var_files, params


def disabled(source: str, cfg, rules: list, chosen, ignored: list[str], fail_on) -> list[str]:
    """What a configuration from the scanned tree turns off, one line each."""
    from infralint import config as configuration
    from infralint.selectors import matches

    shown = _shown(source)
    wanted = [r for r in rules if matches(r, chosen or (), ignored)]  # the command line's
    out = []
    off = [r.id for r in wanted if not configuration.selected(r, cfg, chosen)]
    if off:
        out.append(f"{shown} turns off {len(off)} of {len(wanted)} rules: {', '.join(off)}")
    lowered = [
        f"{r.id} ({r.severity} -> {severity})"
        for r in wanted
        if (severity := configuration.severity_for(r, cfg)) < r.severity
    ]
    if lowered:
        out.append(f"{shown} lowers the severity of {', '.join(lowered)}")
    if fail_on is None and cfg.fail_on == "none":
        out.append(f'{shown} sets fail_on = "none": findings do not fail')
    elif fail_on is None and cfg.fail_on != "low":
        out.append(f'{shown} sets fail_on = "{cfg.fail_on}": lower severities do not fail')
    return out
