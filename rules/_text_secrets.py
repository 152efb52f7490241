"""Shared by the pattern-based secret rules: run the detectors once per file, hand each rule
the hits of its own detectors, each attributed to the resource whose block holds it."""

from infralint.model import Span


def file_hits(ctx, text_file):
    """Every detector's hits in ``text_file``, scanned once per scan for all the rules."""
    from infralint.secrets import scan_text

    return ctx.memo(
        ("secret-hits", text_file.path), lambda: scan_text(text_file.text, text_file.path)
    )


def hits(ctx, text_file, detectors):
    """Findings for every hit of ``detectors`` in ``text_file``."""
    for hit in file_hits(ctx, text_file):
        if hit.detector in detectors:
            yield ctx.file_finding(
                text_file.path,
                Span(hit.line, hit.end_line, hit.col, hit.end_col),
                f"{_sentence_case(hit.description)} committed",
                resource=_resource_at(ctx, text_file.path, hit.line),
                severity=hit.severity,
                redact=(hit.secret,),
            )


def _sentence_case(text):
    """Messages start in lower case, as the other rules' do; acronyms (``AWS``, ``OpenSSH``)
    stay as they are."""
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[1:].islower() else text


def _resource_at(ctx, path, line):
    """The address of the innermost resource whose block contains ``line`` ("" if none)."""
    best = None
    for res in ctx.memo("resources-by-path", lambda: _by_path(ctx.graph)).get(path, []):
        if res.span.line <= line <= res.span.end_line and (
            best is None or res.span.line >= best.span.line
        ):
            best = res
    return best.address if best else ""


def _by_path(graph):
    index = {}
    for res in graph.resources.values():
        index.setdefault(res.path, []).append(res)
    return index
