"""Shared by the pattern-based secret rules: run the detectors once per file, hand each rule
the hits of its own detectors, each attributed to the resource whose block holds it."""

from infralint.facts import TextFile
from infralint.model import Span

_CACHE_KEY = "_secret_hits"


def hits(ctx, detectors):
    """Findings for every hit of ``detectors`` in every text file of the scan."""
    from infralint.secrets import scan_text

    cache = ctx.graph.__dict__.setdefault(_CACHE_KEY, {})
    for text_file in ctx.facts(TextFile):
        found = cache.get(text_file.path)
        if found is None:
            found = cache[text_file.path] = scan_text(text_file.text, text_file.path)
        for hit in found:
            if hit.detector in detectors:
                yield ctx.file_finding(
                    text_file.path,
                    Span(hit.line, hit.end_line, hit.col, hit.end_col),
                    f"{_sentence_case(hit.description)} committed",
                    resource=_resource_at(ctx.graph, text_file.path, hit.line),
                    severity=hit.severity,
                    redact=(hit.secret,),
                )


def _sentence_case(text):
    """Messages start in lower case, as the other rules' do; acronyms (``AWS``, ``OpenSSH``)
    stay as they are."""
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word[1:].islower() else text


def _resource_at(graph, path, line):
    """The address of the innermost resource whose block contains ``line`` ("" if none)."""
    index = graph.__dict__.setdefault("_resources_by_path", {})
    if not index:
        for res in graph.resources.values():
            index.setdefault(res.path, []).append(res)
    best = None
    for res in index.get(path, []):
        if res.span.line <= line <= res.span.end_line and (
            best is None or res.span.line >= best.span.line
        ):
            best = res
    return best.address if best else ""
