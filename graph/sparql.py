"""SPARQL text, below both the stores and the queries: the standard prologue, parameters bound by
VALUES blocks written from RDF terms, the check that a query is one peacegraph will run (read-only,
no SERVICE: it never fetches a URL for whoever sends it a query), one-line syntax errors, and the
shape of an answer (`Result`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import PeacegraphError, QueryRefused, SparqlSyntaxError
from .vocab import PREFIXES


@dataclass
class Result:
    """A query's answer: variables and rows of rdflib terms (SELECT), a boolean (ASK), or triples."""

    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)
    truncated: bool = False


# ---------------------------------------------------------------------------- VALUES


_SAFE_IRI = re.compile(r"^[^\s<>\"{}|^`\\]+$")


def values_block(bindings: dict) -> str:
    """A SPARQL VALUES block binding each parameter to its RDF term, written by the RDF library
    from the term (an IRI checked to be one, a literal escaped): never the user's text."""
    from rdflib import URIRef

    names, terms = [], []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise PeacegraphError(f"{name!r} is not a SPARQL variable name")
        if isinstance(term, URIRef) and not _SAFE_IRI.match(str(term)):
            raise PeacegraphError(f"{str(term)!r} is not an IRI")
        names.append("?" + name)
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


_SELECT = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<proj>[^{]*?)(?:\bWHERE\s*)?\{", re.I | re.S)


def with_values(sparql: str, bindings: dict) -> str:
    """The query with its parameters bound by VALUES blocks at the start of every SELECT whose
    projection carries them (the top level and its subqueries), where the engine joins them
    first. (Oxigraph applies its own substitutions only after evaluating the whole query: a
    parameterised question over a million triples took minutes.)"""
    sparql, top = with_values_in_subqueries(sparql, bindings)
    if not top:
        return sparql
    at = _top_pattern(_mask_comments(sparql))
    if at is None:
        return sparql + "\n" + values_block(top)
    return sparql[:at] + "\n  " + values_block(top) + "\n" + sparql[at:]


def with_values_in_subqueries(sparql: str, bindings: dict) -> tuple[str, dict]:
    """The query with VALUES blocks at the start of each subquery whose projection carries
    parameters, and the parameters left for the top level: those that no subquery joined to the
    whole pattern binds. (Binding those again at the top adds nothing, and rdflib, pushing an
    outer binding into a grouped subquery with no solutions, answers a row of unbound values.)"""
    if not bindings:
        return sparql, {}
    masked = _mask_comments(sparql)
    top = _top_pattern(masked)
    if top is None:
        return sparql, dict(bindings)
    direct = _joined_subqueries(masked, top)
    inserts, joined = [], set()
    for m in _SELECT.finditer(masked, top):  # the subqueries
        proj = m.group("proj")
        names = [n for n in bindings if proj.strip() == "*" or re.search(rf"\?{n}\b", proj)]
        if names:
            inserts.append((m.end(), values_block({n: bindings[n] for n in names})))
            joined |= set(names) if m.end() in direct else set()
    for pos, block in sorted(inserts, reverse=True):
        sparql = sparql[:pos] + "\n  " + block + "\n" + sparql[pos:]
    return sparql, {n: t for n, t in bindings.items() if n not in joined}


def _top_pattern(masked: str) -> int | None:
    """Where the query's own pattern opens (after its `{`): the first brace, or for a CONSTRUCT
    with a template, the one after WHERE."""
    if re.search(r"\bCONSTRUCT\s*\{", masked, re.I):
        m = re.search(r"\bWHERE\s*\{", masked, re.I)
    else:
        m = re.search(r"\{", masked)
    return m.end() if m else None


def _joined_subqueries(masked: str, body: int) -> set[int]:
    """Where the pattern of each subquery opens, for the subqueries joined to the whole pattern
    that opens at `body`: `{ SELECT … }` directly in it, not under OPTIONAL, MINUS, UNION or a
    FILTER (NOT) EXISTS."""
    joined, depth, opened = set(), 1, 0
    for i in range(body, len(masked)):
        c = masked[i]
        if c == "{":
            depth += 1
            if depth == 2:
                opened = i
        elif c == "}":
            depth -= 1
            if depth == 0:
                break
            if depth == 1:
                before = re.search(r"(\w*)\s*$", masked[body:opened]).group(1).upper()
                after = re.match(r"\s*(\w*)", masked[i + 1:]).group(1).upper()
                inner = _SELECT.match(masked, re.compile(r"\{\s*").match(masked, opened).end())
                if inner and before not in ("OPTIONAL", "MINUS", "UNION", "EXISTS") and after != "UNION":
                    joined.add(opened + inner.end())
    return joined


def _mask_comments(sparql: str) -> str:
    """The query with comments blanked (same length), so that a '# … WHERE {' is not matched."""
    return re.sub(r"(?m)#.*$", lambda m: " " * len(m.group()), sparql)


def prologue() -> str:
    """The standard prefixes, for engines that take them only in the query text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# ---------------------------------------------------------------------------- what a query may do


@lru_cache(maxsize=512)  # a query that passed once passes again: the endpoint's saved queries are parsed once
def check_query(sparql: str) -> None:
    """Refuse, in one line, a query that does not parse, an UPDATE, or a query with a SERVICE
    clause (which would make peacegraph request a URL of the sender's choosing). Read from the
    query as rdflib's SPARQL parser reads it, not from its text: a SERVICE in lower case, in a
    subquery, behind a comment or a variable is found all the same."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with PARSING:
        _track_failures()
        _farthest.best = None
        try:
            tree = parseQuery(sparql)
            error = None
        except ParseBaseException as e:
            error, where, _farthest.best = e, _farthest.best, None  # (parsing it as an update records its own)
            try:
                parseUpdate(sparql)
                update = True
            except ParseBaseException:
                update = False
    if error is not None:
        if not update:
            raise SparqlSyntaxError(_syntax_message(sparql, where, error))
        raise QueryRefused("this is a SPARQL UPDATE; peacegraph queries are read-only "
                           "(change the graph with `peacegraph build`, `remove` or data/curated)") from None
    service = _find(tree, "ServiceGraphPattern")
    if service is not None:
        target = service.get("term")
        named = f" <{target}>" if target is not None and not str(target).startswith("?") else ""
        raise QueryRefused(f"SERVICE{named} is refused: peacegraph answers from its own graph and fetches "
                           "nothing for a query")


def _find(node, name: str):
    """The first rdflib parse-tree node (a CompValue) named `name`, walking every list and value."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            if n.name == name:
                return n
            stack.extend(n.values())
        elif isinstance(n, (list, tuple, ParseResults)):
            stack.extend(n)
    return None


# pyparsing reports where the outermost rule failed (often the start of a whole group); the error
# the user made is where the parser got farthest. Each terminal of rdflib's SPARQL grammar records
# its failures, so that position and what was expected there are known.
_farthest = threading.local()
PARSING = threading.Lock()  # pyparsing (under rdflib's SPARQL parser) is not safe in two threads at once
_tracked = False


def _track_failures() -> None:
    """Give every terminal of the grammar its fail action, once (called holding PARSING)."""
    global _tracked
    if _tracked:
        return
    import pyparsing as pp
    from rdflib.plugins.sparql import parser

    def failed(s, loc, expr, err) -> None:
        best = getattr(_farthest, "best", None)
        if best is None or loc > best[0]:
            _farthest.best = (loc, {expr})
        elif loc == best[0]:
            best[1].add(expr)

    seen, stack = set(), [parser.Query, parser.Update]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, pp.Token):
            e.set_fail_action(failed)
        elif isinstance(e, pp.ParseExpression):
            stack.extend(e.exprs)
        elif isinstance(e, pp.ParseElementEnhance) and e.expr is not None:
            stack.append(e.expr)
    _tracked = True


_KINDS = [  # what a terminal of the grammar stands for, said the way a user would
    (re.compile(r"^'[?$]'$"), "a variable"),
    (re.compile(r"^'<'$"), "an IRI"),
    (re.compile(r"^'(?:true|false)'$|^Re:\(['\"]{1,3}"), "a literal"),
    (re.compile(r"^Re:\(.*(?:0-9|\\d|\[eE\])"), "a number"),
    (re.compile(r"^':'$|PN_|^Re:"), "a prefixed name"),
]


_STRUCTURE = {"AS", "ASK", "BASE", "BIND", "BY", "CONSTRUCT", "DESCRIBE", "DISTINCT", "FILTER", "FROM", "GRAPH",
              "GROUP", "HAVING", "IN", "LIMIT", "MINUS", "NOT", "OFFSET", "OPTIONAL", "ORDER", "PREFIX", "REDUCED",
              "SELECT", "UNION", "VALUES", "WHERE"}


def _syntax_message(sparql: str, where, error) -> str:
    loc, expected = where if where else (error.loc, set())
    line = sparql.count("\n", 0, loc) + 1
    col = loc - (sparql.rfind("\n", 0, loc) + 1) + 1
    rest = sparql[loc:]
    token = re.match(r"\s*(<[^>\s]*>?|\"[^\"\n]*\"?|'[^'\n]*'?|[?$]?[\w:.-]+|\S)", rest)
    found = f"found {token.group(1)!r}" if token and token.group(1) else "found the end of the query"
    words, kinds = [], []
    for e in expected:
        text = str(e)
        kind = next((k for pattern, k in _KINDS if pattern.search(text)), None)
        if kind is None and re.fullmatch(r"'[A-Za-z_]+'", text):
            words.append(text.strip("'").upper())
        elif kind is None and text.strip("'\""):
            words.append(text.strip("'").replace('"', ""))
        elif kind not in kinds:
            kinds.append(kind)
    operators = [w for w in words if not w[0].isalpha()]
    if len(operators) > 2:  # inside an expression: any operator would do
        words = [w for w in words if w[0].isalpha()] + ["an operator"]
    if len(words) > 10:  # the built-in functions too: keep the words of the query's structure
        words = [w for w in words if w in _STRUCTURE or not w[0].isalpha()] + ["a function"]
    kinds.sort(key=[k for _, k in _KINDS].index)
    wanted = kinds + sorted(set(words), key=lambda w: (not w.isupper(), w))
    expects = f", expected {', '.join(wanted[:-1])} or {wanted[-1]}" if len(wanted) > 1 else \
        f", expected {wanted[0]}" if wanted else ""
    return f"SPARQL syntax error at line {line}, column {col}: {found}{expects}"


def engine_syntax_error(message: str) -> SparqlSyntaxError:
    """An engine's own syntax error in one line, without the character ranges it may list."""
    first = re.sub(r"\s+", " ", message).strip()
    first = re.sub(r",? ?\[[^\]]*\]", "", first)
    return SparqlSyntaxError(f"SPARQL syntax error: {first}")
