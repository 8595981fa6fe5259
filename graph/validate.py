"""Check a graph against the SHACL shapes of data/shapes.ttl (with pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import PeacegraphError


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[str]
    triples: int


def validate_store(store, shapes: Path) -> ValidationReport:
    """Validate the union of the store's graphs, with the ontology's class hierarchy inferred."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    if not shapes.exists():
        raise PeacegraphError(f"{shapes}: shapes file not found")
    g = Graph()
    for s, p, o, _ in store.quads():
        g.add((s, p, o))
    try:
        shapes_graph = Graph().parse(shapes, format="turtle")
    except Exception as e:
        raise PeacegraphError(f"{shapes}: malformed Turtle: {str(e).splitlines()[0][:200]}") from None
    conforms, report, _ = validate(g, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    violations = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        violations.append(f"{focus} {path or ''}: {message}".strip())
    return ValidationReport(bool(conforms), sorted(violations), len(g))
