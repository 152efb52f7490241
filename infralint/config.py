"""Project configuration.

infralint reads ``.infralint.toml`` (top-level keys) or the ``[tool.infralint]`` table of
``pyproject.toml``. It looks in the scan root and then in each parent directory, and stops at
the first directory holding either file (``.infralint.toml`` wins when both are there) or at
the repository root (the nearest directory containing ``.git``); outside a git checkout only the
scan root itself is searched. Without a file there, the user's own
``$XDG_CONFIG_HOME/infralint/config.toml`` (``~/.config/infralint/config.toml``) is read.
``--config`` names a file explicitly; ``--no-config`` reads none.

A configuration found in the scanned tree is the tree's, and the tree is untrusted: its
``rules_paths`` (Python code) are loaded only with ``--allow-local-rules`` (``trusted``).
Example::

    # .infralint.toml
    select = ["IL1", "secrets"]        # rule ids, names or categories; empty: every rule
    ignore = ["IL403"]                 # ignore wins over select
    fail_on = "high"                   # critical | high | medium | low | info | none
    exclude = ["examples/", "**/*.generated.tf"]   # gitignore-style globs
    rules_paths = ["tools/infralint_rules"]
    require_reason = true              # suppressions need reason="..."
    fail_on_diagnostics = true         # unreadable input fails the run
    respect_gitignore = true           # skip files git ignores (inside a git checkout)
    max_file_bytes = 5000000

    [limits]                           # every key and default: infralint.limits.Limits
    eval_steps = 1000000               # Terraform expression steps per root module
    instances = 1000                   # count / for_each / dynamic expansion

    [severity]                         # rule id / name / category -> severity
    IL401 = "low"
    secrets = "critical"

    [rules.open-ingress]               # a rule's options (by name or id; see `infralint explain`)
    web_ports = [80, 443, 8443]

    [terraform]
    var_files = ["env/prod.tfvars"]
    vars = { region = "eu-west-1" }

    [cloudformation]
    params = "params/prod.json"

Unknown keys and bad values are errors that name the file and the key. Paths in the file are
relative to the directory of the file.

pydantic is imported only when a configuration is loaded (``load_config``) or the model
classes are first used (``infralint.config.Config``): importing this module stays cheap.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from infralint.model import Severity

if TYPE_CHECKING:
    from pydantic import BaseModel

    from infralint.engine import Rule

    Config = BaseModel  # for annotations only: the real class is in infralint.config_models

CONFIG_NAME = ".infralint.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("critical", "high", "medium", "low", "info")
FAIL_ON = (*SEVERITIES, "none")

_TYPE_WORDS = {
    "list_type": "must be a list of strings",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "int_type": "must be an integer",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "greater_than_equal": "must be at least 1",
}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _models() -> Any:
    """The pydantic models' module, imported on first use (pydantic is slow to import)."""
    from infralint import config_models

    return config_models


def __getattr__(name: str) -> Any:  # Config, TerraformConfig, CloudFormationConfig on demand
    if name in ("Config", "TerraformConfig", "CloudFormationConfig", "LimitsConfig"):
        return getattr(_models(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- loading --------------------------------------------------------------------------------


def load_config(start_dir: str, explicit: str | None = None) -> tuple[Config, str | None]:
    """The configuration for a scan of ``start_dir``, and the file it came from (``None``: no
    file, defaults): ``explicit``, else the nearest file in the scanned tree, else the user's
    own (``user_config_path``). Raises ``ConfigError`` for a missing explicit file, invalid TOML
    or an invalid configuration."""
    if explicit is not None:
        return _load_file(explicit), explicit
    found = find_config(start_dir)
    if found is not None:
        path, data = found
        return _validate(_models().Config, data, path), path
    user = user_config_path()
    if os.path.isfile(user):
        return _load_file(user), user
    return defaults(), None


def _load_file(path: str) -> Any:
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: configuration file not found")
    data = _read(path)
    if os.path.basename(path) == PYPROJECT:
        if "infralint" not in data.get("tool", {}):
            raise ConfigError(f"{shown(path)}: has no [tool.infralint] table")
        data = data["tool"]["infralint"]
    return _validate(_models().Config, data, path)


def user_config_path() -> str:
    """The user's own configuration: ``$XDG_CONFIG_HOME/infralint/config.toml``, by default
    ``~/.config/infralint/config.toml``."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "infralint", "config.toml")


def trusted(source: str | None, explicit: str | None) -> bool:
    """Whether the configuration in ``source`` is the user's own (named with ``--config`` or
    in the user's configuration directory) rather than found in the scanned tree."""
    return source is not None and source in (explicit, user_config_path())


def defaults() -> Any:
    """The values of ``Config()`` without importing pydantic (about 0.1 s of every run that
    has no configuration file); a test keeps the two equal."""
    from dataclasses import asdict
    from types import SimpleNamespace as Namespace

    from infralint.limits import Limits

    return Namespace(
        select=[],
        ignore=[],
        severity={},
        rules={},
        fail_on="low",
        exclude=[],
        rules_paths=[],
        require_reason=True,
        fail_on_diagnostics=True,
        max_file_bytes=5_000_000,
        respect_gitignore=True,
        terraform=Namespace(var_files=[], vars={}),
        cloudformation=Namespace(params=None),
        limits=Namespace(**asdict(Limits())),
    )


def find_config(start_dir: str) -> tuple[str, dict] | None:
    """The nearest configuration file at or above ``start_dir`` and its infralint table,
    searched up to the repository root (only ``start_dir`` itself outside a git checkout)."""
    from infralint.discover import repo_root

    directory = os.path.abspath(start_dir)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    top = repo_root(directory) or directory
    while True:
        candidate = os.path.join(directory, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate, _read(candidate)
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.isfile(candidate):
            tool = _read(candidate).get("tool", {})
            if isinstance(tool, dict) and "infralint" in tool:
                return candidate, tool["infralint"]
        if directory == top:
            return None
        directory = os.path.dirname(directory)


def _read(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown(path)}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{shown(path)}: cannot be read: {exc.strerror or exc}") from None


def _validate(model: type, data: Any, path: str) -> Any:
    from pydantic import ValidationError

    name = shown(path)
    where = " in [tool.infralint]" if os.path.basename(path) == PYPROJECT else ""
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: [tool.infralint] must be a table")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [f"{name}: {_problem(model, error, where)}" for error in exc.errors()]
        raise ConfigError("\n".join(lines)) from None


def _problem(model: type, error: dict, where: str) -> str:
    loc = error["loc"]
    key = "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc)
    )
    if error["type"] == "extra_forbidden":
        import difflib

        known = _known_keys(model, loc[:-1])
        spelled = str(loc[-1]).replace("-", "_")  # the command line's spelling: fail-on
        close = [spelled] if spelled in known else []
        close = close or difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        prefix = "".join(f"{p}." for p in loc[:-1])
        hint = (
            f" (did you mean '{prefix}{close[0]}'?)"
            if close
            else (f" (known keys: {', '.join(known)})" if known else "")
        )
        return f"unknown key '{key}'{where}{hint}"
    if error["type"] == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return f"{key}: {message}"
    words = _TYPE_WORDS.get(error["type"], error["msg"][:1].lower() + error["msg"][1:])
    return f"{key}: {words} (got {error.get('input')!r})"


def _known_keys(model: type, loc: tuple) -> list[str]:
    for step in loc:
        field = model.model_fields.get(step) if isinstance(step, str) else None
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and hasattr(annotation, "model_fields")):
            return []
        model = annotation
    return sorted(model.model_fields)


def shown(path: str) -> str:
    """``path`` relative to the working directory when it is below it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


# -- using ----------------------------------------------------------------------------------


def selected(rule: Rule, config: Config, select: list[str] | None = None) -> bool:
    """Whether ``rule`` runs: named (by id, name or category) in ``select`` (the command line's,
    which replaces the configuration's) or the configuration's ``select``, or that is empty; and
    not named in ``ignore``. ``all`` names every rule."""
    from infralint.selectors import matches

    return matches(rule, config.select if select is None else select, config.ignore)


def severity_for(rule: Rule, config: Config) -> Severity:
    """The severity of ``rule``'s findings: a ``[severity]`` override for its id, else for its
    name, else for its category, else the rule's own."""
    overrides = {k.lower(): v for k, v in config.severity.items()}
    for key in (rule.id, rule.name, rule.category):
        if key.lower() in overrides:
            return Severity.parse(overrides[key.lower()])
    return rule.severity


def options_for(rule: Rule, config: Config) -> dict[str, Any]:
    """The ``[rules.<name>]`` (or ``[rules.<id>]``) options configured for ``rule``."""
    tables = {k.lower(): v for k, v in config.rules.items()}
    return {**tables.get(rule.id.lower(), {}), **tables.get(rule.name.lower(), {})}


def fail_threshold(config: Config) -> Severity | None:
    """The lowest severity that fails the run, ``None`` when ``fail_on = "none"``."""
    return None if config.fail_on == "none" else Severity.parse(config.fail_on)


def unknown_names(config: Config, rules: list[Rule]) -> list[str]:
    """Messages for entries of ``select``, ``ignore`` and ``[severity]`` that name no rule,
    rule name or category (typos would otherwise silently do nothing)."""
    from infralint.selectors import describe, unknown

    return [
        f"{section}: {describe(name, close)}"
        for section, names in (
            ("select", config.select),
            ("ignore", config.ignore),
            ("severity", list(config.severity)),
            ("rules", list(config.rules)),
        )
        for name, close in unknown(names, rules)
    ]
