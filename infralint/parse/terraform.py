"""Terraform (HCL native syntax) files: read by ``infralint.parse.hcl`` into the typed tree of
``infralint.parse.hcl_ast`` (blocks, attributes and expressions with exact spans).
``infralint.graph.hcl_eval`` evaluates the expressions."""

from __future__ import annotations

from dataclasses import dataclass

from infralint.parse.hcl_ast import Attribute, Block, Body, SyntaxIssue

__all__ = ["Attribute", "Block", "Body", "HclFile", "SyntaxIssue", "parse"]


@dataclass(slots=True)
class HclFile:
    path: str
    text: str
    body: Body


def parse(text: str, path: str = "") -> HclFile:
    """The file's tree; syntax errors are in ``body.issues`` (each cost its top-level item)."""
    from infralint.parse import hcl

    return HclFile(path, text, hcl.parse(text))
