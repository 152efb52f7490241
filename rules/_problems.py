"""Findings for a resource with several settings to judge: one finding per written setting, on
its line, and one per line for the settings left to their defaults (on the resource's first
line, or on the block they would be written in)."""


def findings(ctx, resource, problems, subject):
    """``problems``: (``Value``, what is wrong) pairs; ``subject`` starts each message."""
    by_line: dict[int, list] = {}
    for value, text in problems:
        if value.defaulted:
            by_line.setdefault(resource.span_of(value.path).line, []).append((value, text))
        else:
            yield ctx.finding(resource, value, f"{subject} {text}")
    for group in by_line.values():
        said = "; ".join(f"{text}{value.why}" for value, text in group)
        yield ctx.finding(resource, group[0][0], f"{subject} {said}")


def unset(value):
    """True when a setting (a key, a name) is absent, or written empty in every branch."""
    written = value.possible()
    return value.defaulted or (value.explicit and bool(written) and not any(written))
