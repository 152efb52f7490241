"""The rule pages of ``docs/rules/``: one markdown page per rule, made from its docstring.

The pages are checked in (SARIF ``helpUri`` points at them) and a test keeps them current.
Write them again after changing a rule's documentation::

    python -m infralint.report.rule_docs docs/rules
"""

from __future__ import annotations

import os
import sys

from infralint.engine import Rule, load_rules

INDEX = "README.md"


def page(rule: Rule) -> str:
    """The page of ``rule``: a title, its facts, then its documentation."""
    summary, _, rest = rule.doc.strip().partition("\n")
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"**{summary.strip()}**",
        "",
        "| category | severity | formats |",
        "|---|---|---|",
        f"| `{rule.category}` | {rule.severity} | {', '.join(rule.formats)} |",
        "",
        rest.strip(),
        "",
        f"Run `infralint explain {rule.id}` for this text in a terminal.",
    ]
    return "\n".join(lines).rstrip() + "\n"


def index(rules: list[Rule]) -> str:
    rows = [
        f"| [{r.id}]({r.id}.md) | `{r.name}` | `{r.category}` | {r.severity} | {r.summary} |"
        for r in rules
    ]
    head = [
        "# Rules",
        "",
        "Generated from each rule's docstring (`python -m infralint.report.rule_docs docs/rules`).",
        "",
        "| id | name | category | severity | what it finds |",
        "|---|---|---|---|---|",
    ]
    return "\n".join(head + rows) + "\n"


def pages(rules: list[Rule]) -> dict[str, str]:
    """File name -> content of every page, the index included."""
    out = {f"{r.id}.md": page(r) for r in rules}
    out[INDEX] = index(rules)
    return out


def builtin_rules() -> list[Rule]:
    return [r for r in load_rules() if r.source.split(" = ", 1)[-1].startswith("infralint_rules.")]


def main(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name, text in pages(builtin_rules()).items():
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
