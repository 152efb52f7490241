"""HTML: one self-contained page a reviewer opens from the file system.

Findings are grouped by severity, then category, each with its rule, location, resource,
message (which names where a value came from) and source lines. Counts sit at the top; filters
by severity, category, rule and path hide the findings that do not match. No network: styles
and script are inline and a Content-Security-Policy forbids loading anything else. Everything
from the scanned tree is escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from infralint.model import Severity, rule_order
from infralint.report import Report, message, snippet, visible
from infralint.report.terminal import fold

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header.top{background:#fff;border-bottom:1px solid #d0d7de;padding:16px 24px;position:sticky;top:0}
h1{font-size:20px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}
h3{font-size:15px;margin:12px 0 6px}
main{padding:0 24px 24px}.meta{color:#59636e;margin:0 0 10px}
.counts button{border:1px solid #d0d7de;border-radius:12px;padding:2px 10px;margin-right:6px;
 background:#fff;cursor:pointer;font:inherit}
.counts button[aria-pressed=true]{outline:2px solid #0969da}
#filters{display:flex;gap:12px;flex-wrap:wrap;margin-top:10px}#filters label{color:#59636e}
#shown{color:#59636e;margin-left:8px}
article.finding{background:#fff;border:1px solid #d0d7de;border-left-width:5px;border-radius:6px;
 padding:8px 12px;margin:8px 0}
article.finding header{display:flex;gap:10px;flex-wrap:wrap;align-items:baseline}
.loc{font-family:ui-monospace,monospace;color:#59636e}.resource code{font-size:13px}
.message,.resource{margin:4px 0}pre{background:#f6f8fa;padding:6px 8px;margin:4px 0;overflow-x:auto}
.ln{color:#8c959f;user-select:none;display:inline-block;min-width:3em}
article.sev-critical{border-left-color:#8250df}article.sev-high{border-left-color:#cf222e}
article.sev-medium{border-left-color:#bf8700}article.sev-low{border-left-color:#0969da}
article.sev-info{border-left-color:#8c959f}.diagnostics li{font-family:ui-monospace,monospace}
"""

SCRIPT = """
(function () {
  var filters = ['severity', 'category', 'rule'].map(function (name) {
    return [name, document.getElementById('filter-' + name)];
  });
  var path = document.getElementById('filter-path');
  var findings = document.querySelectorAll('article.finding');
  function apply() {
    var shown = 0, needle = path.value.trim().toLowerCase();
    findings.forEach(function (f) {
      var ok = filters.every(function (p) { return !p[1].value || f.dataset[p[0]] === p[1].value; })
        && f.dataset.path.toLowerCase().indexOf(needle) !== -1;
      f.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll('section.category, section.severity').forEach(function (s) {
      s.hidden = !s.querySelector('article.finding:not([hidden])');
    });
    document.querySelectorAll('.counts button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.severity === filters[0][1].value));
    });
    document.getElementById('shown').textContent = shown + ' of ' + findings.length + ' shown';
  }
  filters.forEach(function (p) { p[1].addEventListener('change', apply); });
  path.addEventListener('input', apply);
  document.querySelectorAll('.counts button').forEach(function (b) {
    b.addEventListener('click', function () {
      var select = filters[0][1];
      select.value = select.value === b.dataset.severity ? '' : b.dataset.severity;
      apply();
    });
  });
  apply();
})();
"""


def render(report: Report) -> str:
    active = report.active
    body = [_header(report, active), "<main>"]
    for severity in sorted(Severity, reverse=True):
        group = [f for f in active if f.severity == severity]
        if group:
            body.append(_severity_section(report, severity, group))
    if not active:
        body.append("<p>No problems found.</p>")
    body.append(_diagnostics(report))
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>infralint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _header(report: Report, active: list) -> str:
    counts = Counter(f.severity for f in active)
    buttons = "".join(
        f'<button type="button" data-severity="{s}">{counts[s]} {s}</button>'
        for s in sorted(Severity, reverse=True)
        if counts[s]
    )
    suppressed = len(report.findings) - len(active)
    extra = f", {suppressed} suppressed" if suppressed else ""
    return (
        '<header class="top"><h1>infralint report</h1>'
        f'<p class="meta">{len(active)} finding{"s" if len(active) != 1 else ""}{extra} · '
        f"infralint {_e(report.version)}</p>"
        f'<div class="counts">{buttons}<span id="shown"></span></div>'
        '<form id="filters" onsubmit="return false">'
        + _select("severity", [str(s) for s in sorted(Severity, reverse=True) if counts[s]])
        + _select("category", sorted({f.category for f in active}))
        + _select("rule", sorted({f.rule_id for f in active}, key=rule_order))
        + '<label>path <input id="filter-path" type="search" placeholder="part of a path">'
        "</label></form></header>"
    )


def _select(name: str, values: list[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return (
        f'<label>{name} <select id="filter-{name}"><option value="">all</option>'
        f"{options}</select></label>"
    )


def _severity_section(report: Report, severity: Severity, findings: list) -> str:
    parts = [f'<section class="severity" data-severity="{severity}"><h2>{severity}</h2>']
    for category in sorted({f.category for f in findings}):
        parts.append(
            f'<section class="category" data-category="{_e(category)}"><h3>{_e(category)}</h3>'
        )
        parts += [_finding(report, f) for f in findings if f.category == category]
        parts.append("</section>")
    parts.append("</section>")
    return "\n".join(parts)


def _finding(report: Report, f) -> str:
    path = report.repo_path(f.path)
    lines = "\n".join(f'<span class="ln">{n}</span>{_e(text)}' for n, text in snippet(report, f))
    return (
        f'<article class="finding sev-{f.severity}" data-severity="{f.severity}" '
        f'data-category="{_e(f.category)}" data-rule="{_e(f.rule_id)}" data-path="{_e(path)}">'
        f'<header><a class="rule" href="{_e(report.rule_page(f.rule_id))}">{_e(f.rule_id)}</a>'
        f"<strong>{_e(f.rule_name)}</strong>"
        f'<span class="loc">{_e(path)}:{f.span.line}</span></header>'
        f'<p class="message">{_e(message(f))}</p>'
        f'<p class="resource">resource <code>{_e(f.resource)}</code></p>'
        + (f"<pre>{lines}</pre>" if lines else "")
        + "</article>"
    )


def _diagnostics(report: Report) -> str:
    if not report.diagnostics:
        return ""
    items = "".join(
        f"<li>{_e(report.repo_path(d.path) if d.path else 'infralint')}"
        f"{':' + str(d.line) if d.line else ''}: {_e(d.level)}: {_e(d.message)}</li>"
        for d in (report.diagnostics if report.verbose else fold(report.diagnostics))
    )
    return f'<section class="diagnostics"><h2>diagnostics</h2><ul>{items}</ul></section>'


def _e(text: str) -> str:
    return escape(visible(str(text)), quote=True)
