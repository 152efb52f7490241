"""A tiny infralint format: resources written as INI sections in ``*.infra.ini`` files.

    [aws_db_instance main]
    publicly_accessible = true   ; comments start with ";"

Everything here uses ``infralint.api`` only: the built-in rules judge these resources through
the facts the adapter emits.
"""

from infralint.api import Format, ManagedDatabase, Resource, Span, attr


def _by_name(lower):
    return "ini" if lower.endswith(".infra.ini") else ""


def _sections(text, path):
    """(type, name, first line, attributes, spans) of every ``[type name]`` section."""
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(";", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            if current:
                yield current
            kind, _, name = line[1:-1].partition(" ")
            current = (kind.strip(), name.strip(), number, {}, {})
        elif "=" in line and current:
            key, _, value = line.partition("=")
            current[3][key.strip()] = value.strip()
            current[4][(key.strip(),)] = Span(
                number, number, raw.index(key.strip()) + 1, len(raw) + 1
            )
    if current:
        yield current


def _build(build):
    for source in build.by_kind["ini"]:
        for kind, name, line, attrs, spans in _sections(source.text, source.path):
            end = max([line] + [s.end_line for s in spans.values()])
            build.add(
                Resource(
                    address=f"{kind}.{name}",
                    type=kind,
                    format="ini",
                    path=source.path,
                    span=Span(line, end),
                    attrs=attrs,
                    spans=spans,
                )
            )


def _adapt(graph, res):
    if res.type == "aws_db_instance":
        public = attr(res, "publicly_accessible", absent=False, reason="private unless written")
        graph.add_fact(ManagedDatabase(res, publicly_accessible=public))


FORMAT = Format(name="ini", by_name=_by_name, build=_build, adapt=_adapt, comments=(";",))
