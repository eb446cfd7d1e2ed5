"""SHACL shapes compiled to SPARQL, run by the store over a staged bulk load.

Reading a million triples into rdflib for pyshacl takes minutes; the store answers the
same questions in seconds. :func:`compile_shapes` turns each node shape of the shapes
graph whose constraint components it knows (targets by class, subjects of and objects of;
predicate paths; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
``sh:nodeKind``, ``sh:in``, ``sh:languageIn``, ``sh:uniqueLang``, a qualified min count
of such a value shape, and ``sh:or`` of such shapes) into one SELECT query per
constraint, each returning the focus nodes (and values) that break it. A check on the
values of a path (datatype, class, in, max count, ...) finds the breaking values first
and then asks whether the shape targets their node (``FILTER EXISTS``), so a good load
is never listed node by node; a min count lists the focus nodes, set against the
values with ``MINUS``. Shapes using anything else are returned apart, for pyshacl (see
:func:`kg.loading.bulk.check_staged`).

The queries see the store as it will be after the load (its graphs and the staged one)
and only report nodes the staged graph mentions, as :func:`kg.checks.validate.check` reports
only nodes of the new facts. Each result is written in the words pyshacl's would be
(:func:`kg.checks.validate.shacl_findings`). Shape IRIs and constants are written with
:func:`kg.rdf.binding.term_text`; no data value is ever pasted into a query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Identifier, Node

from kg.checks.validate import SH, rule_words, short_name
from kg.rdf.binding import term_text
from kg.rdf.vocab import CREATED_GRAPH

#: Most violations reported per constraint.
LIMIT = 50

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Datatypes whose lexical forms the store checks by casting (an ill-formed one fails).
_CASTS = {_XSD + n for n in ("date", "dateTime", "time", "decimal", "integer", "boolean",
                            "double", "float", "gYear", "gYearMonth", "duration")}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Predicates a shape may carry that change nothing here.
_INERT = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.name, SH.description,
          SH.order, SH.group}
_VALUE_KEYS = {SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.languageIn}


class Unsupported(Exception):
    """A shape uses something this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: its query returns ``?n`` (and ``?v`` when the value is
    reported), and each row is written as pyshacl would write the result."""

    query: str
    path: URIRef | None
    component: str
    message: str
    #: another check's query: when it finds nothing, neither can this one (asked after)
    only_if: str | None = None

    def words(self, focus: Node, value: Node | None) -> str:
        text = (f"node {short_name(focus)}: property {short_name(self.path)}: "
                f"rule {rule_words(SH[self.component + 'ConstraintComponent'])}")
        if value is not None and value != focus:
            text += f" (value {short_name(value)})"
        return f"{text}: {self.message}"


@dataclass
class Compiled:
    checks: list[Check] = field(default_factory=list)
    fallback: list[Node] = field(default_factory=list)  # node shapes left to pyshacl


class _Compiler:
    def __init__(self, shapes: Graph, subclasses: dict[Node, set[Node]], graph: str,
                 listed: bool) -> None:
        self.g, self.sub, self.graph, self.listed = shapes, subclasses, graph, listed
        self.target, self.member, self.checks = "", "", list[Check]()
        self.shape: Node = BNode()
        self.implied: dict[int, Node | None] = {}  # check index -> its path (min count 1)
        self.proofs: dict[Node | None, int] = {}  # path -> index of a qualified min count

    def one(self, node: Node, key: URIRef) -> Node | None:
        values = list(self.g.objects(node, key))
        if len(values) > 1:
            raise Unsupported(f"several {key}")
        return values[0] if values else None

    def message(self, node: Node) -> str:
        m = self.one(node, SH.message)
        if not isinstance(m, Literal):
            raise Unsupported("no message")
        return str(m)

    def items(self, node: Node) -> list[Identifier]:
        return list(Collection(self.g, node))  # type: ignore[arg-type]

    def classes(self, cls: Node) -> str:
        return " ".join(term_text(c) for c in sorted(self.sub.get(cls, {cls})))  # type: ignore

    # conditions on one value node (a SPARQL expression true when it conforms)

    def value_condition(self, shape: Node, v: str) -> str:
        parts = []
        for p, o in self.g.predicate_objects(shape):
            if p in _INERT:
                continue
            if p == SH.datatype and isinstance(o, URIRef):
                cond = f"(isLiteral({v}) && sameTerm(datatype({v}), {term_text(o)})"
                if str(o) in _CASTS:
                    cast = f"{term_text(o)}(STR({v}))"
                    cond += f" && COALESCE(sameTerm(datatype({cast}), {term_text(o)}), false)"
                parts.append(cond + ")")
            elif p == SH["class"]:
                parts.append(f"EXISTS {{ {v} a ?_t . VALUES ?_t {{ {self.classes(o)} }} }}")
            elif p == SH.nodeKind and o in _NODE_KINDS:
                parts.append(_NODE_KINDS[o].format(v=v))  # type: ignore[index]
            elif p == SH["in"]:
                same = " || ".join(f"sameTerm({v}, {term_text(i)})" for i in self.items(o))
                parts.append(f"({same or 'false'})")
            elif p == SH.languageIn:
                tags = " || ".join(f"langMatches(lang({v}), {term_text(Literal(str(t)))})"
                                   for t in self.items(o))
                parts.append(f"(lang({v}) != \"\" && ({tags or 'false'}))")
            elif p == SH["or"]:
                alts = [self.value_condition(a, v) for a in self.items(o)]
                parts.append("(" + (" || ".join(alts) or "false") + ")")
            else:
                raise Unsupported(str(p))
        return " && ".join(parts) or "true"

    def property_condition(self, prop: Node, n: str) -> str:
        """True when focus ``n`` conforms to property shape ``prop`` (inside sh:or)."""
        path = self.path(prop)
        parts, seen = [], set()
        for p, o in self.g.predicate_objects(prop):
            if p in _INERT or p == SH.path:
                continue
            if p == SH.minCount and int(o) == 1:  # type: ignore[call-overload]
                parts.append(f"EXISTS {{ {n} {path} ?_x }}")
            elif p in _VALUE_KEYS:
                seen.add(p)
            else:
                raise Unsupported(str(p))
        if seen:
            cond = self.value_condition(_Only(self.g, prop, seen).node, "?_y")
            parts.append(f"NOT EXISTS {{ {n} {path} ?_y FILTER(!({cond})) }}")
        return "(" + (" && ".join(parts) or "true") + ")"

    def path(self, prop: Node) -> str:
        path = self.one(prop, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported("a path other than a predicate")
        return term_text(path)

    # whole shapes

    def targets(self, shape: Node, but_subjects_of: Node | None = None) -> str:
        """The shape's focus nodes as a pattern binding ``?n`` (a union, with repeats),
        leaving out the subjects of ``but_subjects_of``; empty when none is left."""
        parts = []
        classes = " ".join(self.classes(c) for c in self.g.objects(shape, SH.targetClass))
        if classes:
            parts.append(f"{{ VALUES ?_c {{ {classes} }} ?n a ?_c }}")
        for key, pattern in ((SH.targetSubjectsOf, "?n ?_q ?_o"),
                             (SH.targetObjectsOf, "?_s ?_q ?n")):
            preds = " ".join(term_text(p) for p in sorted(self.g.objects(shape, key))  # type: ignore
                             if key != SH.targetSubjectsOf or p != but_subjects_of)
            if preds:
                parts.append(f"{{ VALUES ?_q {{ {preds} }} {pattern} }}")
        return " UNION ".join(parts)

    def focus(self, shape: Node) -> str:
        union = self.targets(shape)
        if not union:
            raise Unsupported("no target this compiler knows")
        self.shape, self.member = shape, f"FILTER EXISTS {{ {union} }}"
        return f"{{ SELECT DISTINCT ?n WHERE {{ {union} }} }}"

    def add(self, violations: str, path: Node | None, component: str, message: str,
            value: bool = True) -> None:
        """A check: ``violations`` binds ``?n`` (and ``?v``) for each focus node that
        breaks it; the staged graph must mention ``?n`` (tested on those alone)."""
        mentioned = "EXISTS { " + in_staged(self.graph, self.listed,
                                             "{ ?n ?_p ?_o2 } UNION { ?_s2 ?_p ?n }") + " }"
        select = "?n ?v" if value else "?n"
        q = (f"SELECT DISTINCT {select} WHERE {{ {{ SELECT {select} WHERE {{ {violations} }} }}"
             f" FILTER({mentioned}) }} LIMIT {LIMIT}")
        self.checks.append(Check(q, path if isinstance(path, URIRef) else None, component,
                                 message))

    def node_shape(self, shape: Node) -> list[Check]:
        for p in self.g.predicates(shape):
            if p not in _INERT | {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf,
                                  SH.property, SH["class"], SH["or"], SH.nodeKind, SH["in"]}:
                raise Unsupported(str(p))
        if (shape, RDF.type, RDFS.Class) in self.g or (shape, SH.deactivated, None) in self.g:
            raise Unsupported("implicit class target or deactivated")
        focus, self.checks = self.focus(shape), []
        self.target = focus
        for cls in self.g.objects(shape, SH["class"]):
            self.add(f"{focus} MINUS {{ VALUES ?_t {{ {self.classes(cls)} }} ?n a ?_t }}",
                     None, "Class", self.message(shape), False)
        for key, component in ((SH.nodeKind, "NodeKind"), (SH["in"], "In")):
            if (shape, key, None) in self.g:
                cond = self.value_condition(_Only(self.g, shape, {key}).node, "?n")
                self.add(f"{focus} FILTER(!({cond}))", None, component, self.message(shape),
                         False)
        for o in self.g.objects(shape, SH["or"]):
            alts = [self.property_condition(a, "?n") if (a, SH.path, None) in self.g
                    else self.value_condition(a, "?n") for a in self.items(o)]
            self.add(f"{focus} FILTER(!({' || '.join(alts) or 'false'}))", None, "Or",
                     self.message(shape), False)
        self.implied, self.proofs = {}, {}
        for prop in self.g.objects(shape, SH.property):
            self.property_shape(prop)
        for at, path in self.implied.items():  # "at least one" after "one of that shape"
            if path in self.proofs:
                proof = self.checks[self.proofs[path]].query
                self.checks[at] = replace(self.checks[at], only_if=proof)
        return self.checks

    def property_shape(self, prop: Node) -> None:
        path, iri = self.path(prop), self.one(prop, SH.path)
        message, focus, member = self.message(prop), self.target, self.member
        qualified = self.one(prop, SH.qualifiedValueShape)

        def count(where: str, m: int, op: str, component: str) -> None:
            self.add(f"{focus} OPTIONAL {{ SELECT ?n (COUNT(DISTINCT ?_v) AS ?_k) WHERE {{ "
                     f"{where} }} GROUP BY ?n }} FILTER(COALESCE(?_k, 0) {op} {m})", iri,
                     component, message, False)

        for p, o in self.g.predicate_objects(prop):
            if p in _INERT or p == SH.path or p == SH.qualifiedValueShape:
                continue
            if p == SH.minCount and int(o) == 1:  # type: ignore[call-overload]
                # a subject of the path has a value: only the other focus nodes can lack one
                lacking = self.targets(self.shape, but_subjects_of=iri)
                if lacking:
                    self.implied[len(self.checks)] = iri
                    self.add(f"{{ SELECT DISTINCT ?n WHERE {{ {lacking} }} }} MINUS "
                             f"{{ ?n {path} ?_v }}", iri, "MinCount", message, False)
            elif p == SH.minCount:
                count(f"?n {path} ?_v", int(o), "<", "MinCount")  # type: ignore[call-overload]
            elif p == SH.maxCount:
                self.add(f"{{ SELECT ?n WHERE {{ ?n {path} ?_v }} GROUP BY ?n HAVING "
                         f"(COUNT(DISTINCT ?_v) > {int(o)}) }} {member}", iri,  # type: ignore
                         "MaxCount", message, False)
            elif p == SH["class"]:
                self.add(f"{{ SELECT ?n ?v WHERE {{ ?n {path} ?v MINUS {{ VALUES ?_t "
                         f"{{ {self.classes(o)} }} ?v a ?_t }} }} }} {member}", iri, "Class",
                         message)
            elif p in _VALUE_KEYS or p == SH["or"]:
                component = {SH.datatype: "Datatype", SH.nodeKind: "NodeKind", SH["in"]: "In",
                             SH.languageIn: "LanguageIn", SH["or"]: "Or"}[p]  # type: ignore
                cond = self.value_condition(_Only(self.g, prop, {p}).node, "?v")
                self.add(f"{{ SELECT ?n ?v WHERE {{ ?n {path} ?v FILTER(!({cond})) }} }} {member}",
                         iri, component, message)
            elif p == SH.uniqueLang and o == Literal(True):
                self.add(f"{{ SELECT DISTINCT ?n WHERE {{ {{ SELECT ?n WHERE {{ "
                         f"?n {path} ?_a FILTER(lang(?_a) != \"\") }} GROUP BY ?n "
                         f"(LCASE(lang(?_a))) HAVING (COUNT(DISTINCT ?_a) > 1) }} }} }} {member}",
                         iri, "UniqueLang", message, False)
            elif p == SH.qualifiedMinCount and qualified is not None:
                self.qualified_min(prop, qualified, int(o), count)  # type: ignore[call-overload]
            else:
                raise Unsupported(str(p))


    def qualified_min(self, prop: Node, qualified: Node, m: int,
                      count: Callable[[str, int, str, str], None]) -> None:
        """``sh:qualifiedMinCount m`` with ``sh:qualifiedValueShape qualified``."""
        if (prop, SH.qualifiedValueShapesDisjoint, None) in self.g:
            raise Unsupported("disjoint qualified shapes")
        path, iri = self.path(prop), self.one(prop, SH.path)
        cond = self.value_condition(qualified, "?_v")
        if m >= 1:  # a node with a value of that shape has a value
            self.proofs[iri] = len(self.checks)
        if m == 1:
            self.add(f"{self.target} MINUS {{ ?n {path} ?_v FILTER({cond}) }}", iri,
                     "QualifiedMinCount", self.message(prop), False)
        else:
            count(f"?n {path} ?_v FILTER({cond})", m, "<", "QualifiedMinCount")

class _Only:
    """A view of a shape holding only some of its constraints, as a small graph."""

    def __init__(self, g: Graph, shape: Node, keys: set[Node]) -> None:
        self.node = BNode()
        for key in keys:
            for o in g.objects(shape, key):
                g.add((self.node, key, o))


def _closure(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Each class with every class below it (itself included)."""
    below: dict[Node, set[Node]] = {}
    for s, o in pairs:
        below.setdefault(o, set()).add(s)
    out: dict[Node, set[Node]] = {}
    for top in below:
        seen, todo = {top}, [top]
        while todo:
            for s in below.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        out[top] = seen
    return out


def in_staged(graph: str, listed: bool, pattern: str) -> str:
    """``pattern`` matched in the staged graph ``graph``, or, when ``listed``, in any of
    the staged graphs it lists with ``sk:createdGraph`` (a bulk load of a dataset: the
    list is its record of them, see :mod:`kg.loading.history`)."""
    g = term_text(URIRef(graph))
    if not listed:
        return f"GRAPH {g} {{ {pattern} }}"
    return f"GRAPH ?_g {{ {pattern} }} GRAPH {g} {{ {g} {term_text(CREATED_GRAPH)} ?_g }}"


def compile_shapes(shapes: Graph, subclass_pairs: Iterable[tuple[Node, Node]],
                   graph: str, *, listed: bool = False) -> Compiled:
    """Compile every node shape of ``shapes``; ``subclass_pairs`` are ``(sub, super)``;
    the checks report nodes the staged ``graph`` mentions (see :func:`in_staged`)."""
    work = Graph()
    for t in shapes:
        work.add(t)
    compiler, out = _Compiler(work, _closure(subclass_pairs), graph, listed), Compiled()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for key in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        nodes.update(shapes.subjects(key, None))
    for shape in sorted(nodes, key=str):
        try:
            out.checks += compiler.node_shape(shape)
        except (Unsupported, ValueError, TypeError):
            out.fallback.append(shape)
    return out


def shapes_subset(shapes: Graph, nodes: Iterable[Node]) -> Graph:
    """The node shapes ``nodes`` with everything they reach (for pyshacl)."""
    out, todo, seen = Graph(), list(nodes), set()
    for prefix, namespace in shapes.namespaces():  # pyshacl's own messages use them
        out.bind(prefix, namespace)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in shapes.predicate_objects(n):
            out.add((n, p, o))
            if isinstance(o, (BNode, URIRef)) and (o, None, None) in shapes:
                todo.append(o)
    return out


__all__ = ["Check", "Compiled", "LIMIT", "compile_shapes", "shapes_subset"]
