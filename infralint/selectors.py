"""Rule selectors: the rule ids, rule names and categories that ``--select``, ``--ignore``,
``explain`` and the configuration's ``select``/``ignore``/``[severity]`` accept.

A selector is matched without regard to case; ``all`` names every rule. A rule that is off by
default (``ENABLED = False``) runs only when a selector names it (``all`` included). On the
command line a value may hold several selectors separated by commas (``--select IL101,IL201``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infralint.engine import Rule

ALL = "all"


class UnknownSelector(ValueError):
    """A selector that names no rule, rule name or category."""


def aliases(rule: Rule) -> set[str]:
    """What names ``rule``: its id, name and category, lower-cased."""
    return {rule.id.lower(), rule.name.lower(), rule.category.lower()}


def split(values: Iterable[str]) -> list[str]:
    """The selectors in ``values``, each of which may be a comma-separated list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def matches(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Whether ``rule`` runs: named in ``select`` (or ``select`` is empty and the rule is on by
    default), not in ``ignore``."""
    names = aliases(rule) | {ALL}
    select = {s.lower() for s in select}
    if not (names & select if select else rule.enabled):
        return False
    return not ignored(rule, ignore)


def ignored(rule: Rule, ignore: Iterable[str]) -> bool:
    """Whether ``ignore`` names ``rule``."""
    return bool((aliases(rule) | {ALL}) & {s.lower() for s in ignore})


def unknown(selectors: Iterable[str], rules: list[Rule]) -> list[tuple[str, str]]:
    """(selector, suggestion) for each selector that names nothing; the suggestion is the
    closest known name, or ""."""
    import difflib

    known = sorted({ALL}.union(*(aliases(r) for r in rules)))
    out = []
    for name in selectors:
        if name.lower() not in known:
            close = difflib.get_close_matches(name.lower(), known, n=1)
            out.append((name, close[0] if close else ""))
    return out


def describe(name: str, suggestion: str) -> str:
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"no rule, rule name or category is called {name!r}{hint}"


def parse(values: Iterable[str], rules: list[Rule], option: str) -> list[str]:
    """The selectors of a command-line option; raises ``UnknownSelector`` naming the option
    and the first unknown one."""
    selectors = split(values)
    bad = unknown(selectors, rules)
    if bad:
        raise UnknownSelector(f"{option}: {describe(*bad[0])} (see `infralint rules`)")
    return selectors


def find(name: str, rules: list[Rule]) -> Rule | None:
    """The rule whose id or name is ``name`` (any case)."""
    wanted = name.strip().lower()
    return next((r for r in rules if wanted in (r.id.lower(), r.name.lower())), None)
