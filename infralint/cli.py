"""The command line: ``infralint scan``, ``infralint rules``, ``infralint explain``.

Exit codes: 0 nothing at or above the failure threshold (always with ``--exit-zero``), 1
findings (or input errors), 2 usage error or tool failure. Heavy modules are imported inside the
commands, not at start-up; helpers live in small modules of their own (``selectors``,
``paths``, ``trust``, ``escape``, ``undeclared``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from infralint import __version__
from infralint.report import FORMATS, RULE_URL, render

SEVERITIES = ["critical", "high", "medium", "low", "info"]


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"infralint {__version__} ({len(_known_rules(False))} rules loaded)")
        ctx.exit()


ALLOW_LOCAL_RULES = click.option(
    "--allow-local-rules",
    is_flag=True,
    help="Load the rules_paths (Python code) of a configuration found in the scanned tree "
    "[default: only from --config or the user's config directory].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and the number of rules loaded, and exit.",
)
def main() -> None:
    """Static security linter for Terraform, CloudFormation and docker-compose."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(list(FORMATS)),
    help="Output format [default: text]; repeat it to write several reports in one scan.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report of the --format before it to FILE instead of standard output.",
)
@click.option(
    "--output-format",
    "output_pairs",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write a report in FORMAT to PATH (- for standard output); repeatable.",
)
@click.option(
    "--severity",
    "severity_list",
    multiple=True,
    metavar="SEVERITIES",
    help="Report only findings of these severities (comma-separated or repeated).",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    help="Report only findings of this severity or above (--fail-on judges what is reported).",
)
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no summary, no info notes.")
@click.option("-v", "--verbose", is_flag=True, help="Every info diagnostic on its own line.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Count the findings per rule instead of listing them (text format).",
)
@click.option(
    "--hyperlinks/--no-hyperlinks",
    default=None,
    help="Link each finding to its rule page [default: on terminals known to show links].",
)
@click.option(
    "--rule-url",
    envvar="INFRALINT_RULE_URL",
    default=RULE_URL,
    metavar="TEMPLATE",
    help="Address of a rule's page, {id} standing for the rule id [env: INFRALINT_RULE_URL].",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES + ["none"]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: low].",
)
@click.option(
    "--select",
    multiple=True,
    help="Only these rules: ids, names or categories, comma-separated or repeated "
    "(replaces the configuration's select).",
)
@click.option(
    "--ignore",
    multiple=True,
    help="Skip these rules (ids, names or categories; added to the configuration's ignore).",
)
@click.option(
    "--exclude",
    multiple=True,
    help="Skip paths matching this glob (relative to the scan root), or this path "
    "(./dir, ../dir or absolute, from the current directory).",
)
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Terraform variables file (like terraform -var-file).",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help="Terraform variable (like terraform -var).",
)
@click.option(
    "--cfn-params",
    type=click.Path(exists=True, dir_okay=False),
    help="CloudFormation parameter values (the aws cloudformation JSON list, or a mapping).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even with findings or unreadable files (2 still means infralint failed).",
)
@click.option(
    "--fail-on-diagnostics/--no-fail-on-diagnostics",
    default=None,
    help="Whether a file that cannot be read or parsed makes the exit code 1 "
    "[default: yes, or fail_on_diagnostics of the configuration].",
)
@click.option("--show-unknown", is_flag=True, help="List the values rules could not evaluate.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Configuration file [default: .infralint.toml or pyproject.toml found upward from "
    "the scan root to the repository root, else ~/.config/infralint/config.toml].",
)
@click.option(
    "--no-config", is_flag=True, help="Read no configuration file (defaults and options only)."
)
@ALLOW_LOCAL_RULES
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record today's findings in this baseline file and exit 0.",
)
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that suppress nothing.",
)
@click.option(
    "--no-gitignore",
    is_flag=True,
    help="Also scan files that git ignores [default: skip them inside a git checkout].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for the files of 2 MiB or more, parsed under --parse-timeout "
    "(smaller files are parsed in this process) [default: the number of CPUs].",
)
@click.option(
    "--parse-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up parsing a file after this long (it is reported, the scan goes on).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Parse cache directory [default: $INFRALINT_CACHE_DIR, else "
    "$XDG_CACHE_HOME/infralint, else ~/.cache/infralint].",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output [default: on a terminal or with FORCE_COLOR, "
    "unless NO_COLOR is set].",
)
def scan(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    output_pairs: tuple[str, ...],
    severity_list: tuple[str, ...],
    min_severity: str | None,
    quiet: bool,
    verbose: bool,
    statistics: bool,
    hyperlinks: bool | None,
    rule_url: str,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    var_files: tuple[str, ...],
    variables: tuple[str, ...],
    cfn_params: str | None,
    show_unknown: bool,
    config_file: str | None,
    no_config: bool,
    allow_local_rules: bool,
    exit_zero: bool,
    fail_on_diagnostics: bool | None,
    baseline: str | None,
    write_baseline: str | None,
    report_unused_suppressions: bool,
    color: bool | None,
    no_gitignore: bool,
    jobs: int | None,
    parse_timeout: float,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Scan PATHS (directories or files; default: the current directory) for security
    problems."""
    from infralint import config as configuration
    from infralint import lint, trust, undeclared
    from infralint import outputs as reports
    from infralint.discover import scan_root
    from infralint.limits import Limits
    from infralint.model import Diagnostic, Severity
    from infralint.paths import exclude_patterns
    from infralint.scan import ScanOptions
    from infralint.scan import scan as run_scan

    _stop_on_signals()
    paths = paths or (".",)
    destinations = reports.destinations(formats, outputs, output_pairs)
    keep = reports.severities(severity_list, min_severity)
    _check_writable(*(output for _, output in destinations), write_baseline)
    root = scan_root(list(paths))
    cfg, source, load_problems, available = _configure(
        root, config_file, no_config, allow_local_rules
    )
    chosen, ignored = _selectors(select, ignore, available)
    try:
        rules = lint.selected_rules(available, cfg, chosen, ignored)
    except ValueError as exc:
        _usage_failure(f"{configuration.shown(source or '')}: {exc}")
    for problem in configuration.unknown_names(cfg, available):
        load_problems.append(Diagnostic("", problem, level="warning", stage="config"))
    trusted = configuration.trusted(source, config_file)
    if source and not trusted:
        for line in trust.disabled(source, cfg, available, chosen, ignored, fail_on):
            click.echo(f"infralint: {line}", err=True)
    config_var_files, config_params = trust.input_files(cfg, source, trusted, load_problems)
    options = ScanOptions(
        paths=list(paths),
        exclude=list(cfg.exclude) + exclude_patterns(list(exclude), root),
        max_bytes=cfg.max_file_bytes,
        var_files=config_var_files + list(var_files),
        vars={**cfg.terraform.vars, **_parse_vars(variables)},
        cfn_params=_cfn_params(cfn_params or config_params)
        if (cfn_params or config_params)
        else {},
        environ={k: v for k, v in os.environ.items() if k.startswith("TF_VAR_")},
        respect_gitignore=cfg.respect_gitignore and not no_gitignore,
        jobs=jobs or os.cpu_count() or 1,
        parse_timeout=parse_timeout,
        cache_dir=None if no_cache else (cache_dir or _default_cache_dir()),
        limits=Limits(**vars(cfg.limits)),
    )
    progress = Progress(sys.stderr)
    options.on_files = progress.start
    try:
        try:
            with _no_cycle_collection():
                result = run_scan(options, rules)
        finally:
            progress.done()
        result.diagnostics[:0] = load_problems + undeclared.check(
            result, options.vars, options.cfn_params
        )
        result.diagnostics.extend(
            lint.suppress(result, rules, cfg.require_reason, report_unused_suppressions)
        )
        lint.keep_named(result, list(paths))
        _refuse_scanned(result, *(output for _, output in destinations), write_baseline)
        if write_baseline:
            from infralint import baseline as baselines

            baselines.write(
                [f for f in result.findings if not f.suppressed],
                write_baseline,
                __version__,
                lint.repo_key(result.root, paths),
            )
            click.echo(f"infralint: wrote {write_baseline}", err=True)
        elif baseline:
            try:
                lint.apply_baseline(result, baseline, paths)
            except ValueError as exc:
                click.echo(f"infralint: {exc}", err=True)
                sys.exit(2)
    except Exception as exc:  # the tool itself failed: exit 2 with a clear message
        _usage_failure(f"internal error: {type(exc).__name__}: {exc}")
    lint.redact(result)
    _tell_empty(result)
    if keep is not None:
        result.findings = [f for f in result.findings if f.severity in keep]
    links = hyperlinks if hyperlinks is not None else _terminal_links()
    for fmt, output in destinations:
        use_color = _use_color(color, output)
        report = _report(
            result,
            rules,
            show_unknown,
            list(paths),
            color=use_color,
            quiet=quiet,
            verbose=verbose,
            statistics=statistics,
            rule_url=rule_url,
            hyperlinks=links and output is None,
        )
        try:
            reports.write(render(fmt, report), output, use_color)
        except OSError as exc:
            _usage_failure(f"cannot write {output}: {exc.strerror or exc}")
    if any(d.internal for d in result.diagnostics):
        sys.exit(2)  # the tool failed on part of the input (the rest is reported above)
    if exit_zero or write_baseline:
        sys.exit(0)
    threshold = (
        configuration.fail_threshold(cfg)
        if fail_on is None
        else (None if fail_on == "none" else Severity.parse(fail_on))
    )
    failed = threshold is not None and any(
        f.severity >= threshold for f in result.findings if not f.suppressed
    )
    if fail_on_diagnostics is None:
        fail_on_diagnostics = cfg.fail_on_diagnostics
    errors = fail_on_diagnostics and any(d.level == "error" for d in result.diagnostics)
    sys.exit(1 if failed or errors else 0)


@contextlib.contextmanager
def _no_cycle_collection():
    """A scan builds many small objects that live until it ends (parse trees, values) and
    hardly any cycles: the cycle collector would walk them again and again for nothing (a
    third of the time on a large repository, for no memory saved). The process is the CLI's,
    so the CLI alone turns it off, for the scan."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _usage_failure(message: str) -> None:
    """One line (per problem) on stderr and exit 2: the run could not do what was asked."""
    from infralint.escape import escape_lines

    click.echo(f"infralint: {escape_lines(message)}", err=True)
    sys.exit(2)


def _stop_on_signals() -> None:
    """SIGINT (Ctrl-C) and SIGTERM (a cancelled CI job) end the run with one line and exit
    128 + the signal's number (130, 143); the unwinding removes a report being written and
    stops the parser processes."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)  # a second one does not interrupt the unwinding
        click.echo(f"infralint: interrupted ({signal.Signals(signum).name})", err=True)
        raise SystemExit(128 + signum)

    for each in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(each, stop)
        except ValueError:  # not the main thread (infralint called from a program)
            return


def _check_writable(*files: str | None) -> None:
    """Fail before scanning when a report or baseline could not be written."""
    for name in files:
        if not name:
            continue
        folder = os.path.dirname(os.path.abspath(name))
        if not os.path.isdir(folder):
            _usage_failure(f"cannot write {name}: directory {folder} does not exist")
        if os.path.isdir(name):
            _usage_failure(f"cannot write {name}: it is a directory")
        if not os.access(folder, os.W_OK) or (
            os.path.exists(name) and not os.access(name, os.W_OK)
        ):
            _usage_failure(f"cannot write {name}: permission denied")


def _refuse_scanned(result: Any, *files: str | None) -> None:
    """A report or baseline is never written over a file the scan read."""
    scanned = {os.path.realpath(f.abspath) for f in result.files.values()}
    for name in files:
        if name and os.path.realpath(name) in scanned:
            _usage_failure(f"cannot write {name}: it is one of the scanned files")


def _configure(root: str, config_file: str | None, no_config: bool, allow_local_rules: bool):
    """The configuration, the file it came from, load problems, and every available rule
    (installed plugins, plus ``rules_paths`` when they may be loaded)."""
    from infralint import config as configuration
    from infralint import trust
    from infralint.engine import load_rules
    from infralint.model import Diagnostic

    if no_config and config_file:
        _usage_failure("--config and --no-config exclude each other")
    try:
        cfg, source = (
            (configuration.defaults(), None)
            if no_config
            else configuration.load_config(root, config_file)
        )
    except configuration.ConfigError as exc:
        _usage_failure(str(exc))
    problems: list[Diagnostic] = []
    allowed = allow_local_rules or configuration.trusted(source, config_file)
    local = trust.rules_paths(cfg, source, allowed, problems)
    return cfg, source, problems, load_rules(problems, local)


def _selectors(select: tuple[str, ...], ignore: tuple[str, ...], rules: list):
    """``--select`` (None when not given) and ``--ignore``; an unknown name is a usage error."""
    from infralint import selectors

    try:
        return (
            selectors.parse(select, rules, "--select") or None,
            selectors.parse(ignore, rules, "--ignore"),
        )
    except selectors.UnknownSelector as exc:
        raise click.UsageError(str(exc)) from None


class Progress:
    """A "scanning N files…" line on stderr when a scan on a terminal takes longer than
    ``delay`` seconds; nothing otherwise (pipes, CI logs, pre-commit)."""

    def __init__(self, stream, delay: float = 1.0):
        self.stream, self.delay, self.timer = stream, delay, None

    def start(self, count: int) -> None:
        try:
            if not self.stream.isatty():
                return
        except (AttributeError, ValueError):
            return
        message = f"infralint: scanning {count} file{'s' if count != 1 else ''}…\n"
        if self.delay <= 0:
            self._show(message)
            return
        import threading

        self.timer = threading.Timer(self.delay, self._show, (message,))
        self.timer.daemon = True
        self.timer.start()

    def _show(self, message: str) -> None:
        self.stream.write(message)
        self.stream.flush()

    def done(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


def _default_cache_dir() -> str:
    from infralint.cache import default_directory

    return default_directory()


def _report(result, rules, show_unknown: bool, paths: list[str], **view):
    """The Report the writers take; ``view``: how the text format shows it."""
    from infralint.paths import repository, shown_from
    from infralint.report import Report

    return Report(
        result.findings,
        result.diagnostics,
        rules,
        root=result.root,
        repo_root=repository(result.root, paths),
        sources=result.lines,
        version=__version__,
        unknowns=result.graph.unknowns if show_unknown else None,
        files=_files_summary(result),
        shown_path=shown_from(result.root),
        **view,
    )


def _terminal_links() -> bool:
    from infralint.report.terminal import hyperlinks

    return hyperlinks(sys.stdout)


def _files_summary(result) -> dict:
    """How many files were scanned and how many were left out, by reason (JSON summary and
    SARIF run properties)."""
    return {"files_scanned": result.scanned, "files_skipped": dict(sorted(result.skipped.items()))}


def _tell_empty(result) -> None:
    """Say on stderr what git kept out of the scan, and warn when nothing was scanned: a typo
    or an ignored checkout must not look like a clean tree."""
    ignored = result.skipped.get("gitignored", 0)
    if ignored:
        what = "file" if ignored == 1 else "files"
        click.echo(
            f"infralint: {ignored} {what} skipped because git ignores them "
            "(--no-gitignore scans them too)",
            err=True,
        )
    if result.scanned == 0:
        click.echo("infralint: warning: no files were scanned", err=True)


def _parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--var")
        out[name.strip()] = value
    return out


def _cfn_params(path: str) -> dict:
    import json

    from infralint.files import Refused, read_text

    full = os.path.abspath(path)  # named explicitly: anywhere, but a regular file of sane size
    try:
        data = json.loads(read_text(full, os.path.dirname(full), 5 * 1024 * 1024)[0])
    except (Refused, ValueError, RecursionError) as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="--cfn-params") from None
    if isinstance(data, dict) and "Parameters" in data:
        data = data["Parameters"]
    if isinstance(data, list):  # [{"ParameterKey": ..., "ParameterValue": ...}]
        return {
            p["ParameterKey"]: p.get("ParameterValue")
            for p in data
            if isinstance(p, dict) and "ParameterKey" in p
        }
    if isinstance(data, dict):
        return data
    raise click.BadParameter(
        f"{path}: expected a list of ParameterKey/ParameterValue or a mapping",
        param_hint="--cfn-params",
    )


def _use_color(flag: bool | None, output: str | None) -> bool:
    """``--color``/``--no-color``, else none in a file or with ``NO_COLOR``, else on with
    ``FORCE_COLOR``, else on a terminal."""
    if flag is not None:
        return flag
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@ALLOW_LOCAL_RULES
def list_rules(fmt: str, allow_local_rules: bool) -> None:
    """List every rule: id, name, category, severity, whether it runs by default, formats."""
    rules = _known_rules(allow_local_rules)
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "category": r.category,
                        "severity": str(r.severity),
                        "formats": list(r.formats),
                        "summary": r.summary,
                        "enabled": r.enabled,
                        "options": r.options,
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    rows = [("ID", "NAME", "CATEGORY", "SEVERITY", "DEFAULT", "FORMATS")] + [
        (
            r.id,
            r.name,
            r.category,
            str(r.severity),
            "on" if r.enabled else "off",
            ", ".join(r.formats),
        )
        for r in rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5]
        )


@main.command()
@click.argument("rule")
@ALLOW_LOCAL_RULES
def explain(rule: str, allow_local_rules: bool) -> None:
    """Print the documentation of RULE (an id or a name, in any case)."""
    from infralint.escape import escape
    from infralint.selectors import find

    found = find(rule, _known_rules(allow_local_rules))
    if found is None:
        _usage_failure(f"no rule {escape(rule)!r} (see `infralint rules`)")
    click.echo(
        f"{found.id} {found.name} ({found.category}, {found.severity}; "
        f"{', '.join(found.formats)})\n"
    )
    click.echo(found.doc)


def _known_rules(allow_local_rules: bool) -> list:
    """The installed rules plus those of the configuration's ``rules_paths`` (found from the
    current directory, loaded when allowed); loading problems go to stderr."""
    from infralint.escape import escape

    *_, problems, rules = _configure(os.getcwd(), None, False, allow_local_rules)
    for p in problems:
        click.echo(f"infralint: {escape(p.message)}", err=True)
    return rules


if __name__ == "__main__":
    main()
