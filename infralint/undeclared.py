"""Warnings for values given on the command line that nothing uses: a ``--var`` no scanned
Terraform module declares, a ``--cfn-params`` name no scanned template declares, a ``--var``
that looks like a list or map but is not one. A typo there would otherwise silently leave the
default in place. The values themselves are never quoted (they may be secrets)."""

from __future__ import annotations

import json
import re

from infralint.model import Diagnostic

_VARIABLE = re.compile(r'^\s*variable\s+"([^"]+)"', re.M)


def check(result, variables: dict[str, str], cfn_params: dict) -> list[Diagnostic]:
    out = [_malformed(name) for name, raw in variables.items() if _bad_collection(raw)]
    if variables:
        declared = _declared(result, "terraform", _terraform_variables)
        out += [
            _unused("--var", name, "Terraform module") for name in variables if name not in declared
        ]
    if cfn_params:
        declared = _declared(result, "cloudformation", _template_parameters)
        out += [
            _unused("--cfn-params", str(name), "CloudFormation template")
            for name in cfn_params
            if name not in declared
        ]
    return out


def _bad_collection(raw: str) -> bool:
    text = raw.strip()
    if text[:1] not in ("[", "{"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _malformed(name: str) -> Diagnostic:
    return Diagnostic(
        "",
        f"--var {name}: the value starts like a list or map but is not valid JSON; "
        "it is used as a string",
        level="warning",
        stage="config",
    )


def _unused(option: str, name: str, what: str) -> Diagnostic:
    return Diagnostic(
        "",
        f"{option} {name}: no scanned {what} declares it; the value is not used",
        level="warning",
        stage="config",
    )


def _declared(result, kind: str, names) -> set[str]:
    found: set[str] = set()
    for source in result.files.values():
        if source.kind == kind:
            try:
                found |= names(source)
            except Exception:  # an unreadable file is reported by the scan itself
                continue
    return found


def _terraform_variables(source) -> set[str]:
    if source.path.endswith(".json"):
        variables = json.loads(source.text).get("variable", {})
        return set(variables) if isinstance(variables, dict) else set()
    return set(_VARIABLE.findall(source.text))


def _template_parameters(source) -> set[str]:
    from infralint.parse import json_doc, yaml_doc

    text = source.text
    loader = json_doc.load if text.lstrip().startswith("{") else yaml_doc.load
    value = loader(text).value
    params = value.get("Parameters") if isinstance(value, dict) else None
    return {str(k) for k in params} if isinstance(params, dict) else set()
