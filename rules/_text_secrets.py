"""Shared by the pattern-based secret rules: run the detectors once per file, hand each rule
the hits of its own detectors."""

from infralint.facts import TextFile

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
                from infralint.model import Span

                yield ctx.file_finding(text_file.path,
                                       Span(hit.line, hit.end_line, hit.col, hit.end_col),
                                       f"{hit.description} committed in {text_file.path}",
                                       severity=hit.severity, redact=(hit.secret,))
