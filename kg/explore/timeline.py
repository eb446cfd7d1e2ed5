"""The timeline: missions, agreements and stations over time, planned against actual.

Everything the timeline knows comes from the SPARQL below, so adapting to a change in
the ontology happens here and nowhere else. The conventions read:

- a mission is an instance of ``sk:SpaceMission`` or a subclass; it has ``sk:launchDate``
  once launched, belongs to a program by ``sk:partOfProgram`` and to agencies by
  ``sk:operator``;
- a plan is an ``sk:PlannedLaunch`` (missions) or ``sk:PlannedRetirement`` (stations)
  node, ``sk:plannedFor`` its subject, with ``sk:plannedDate`` or a window
  (``sk:plannedNotBefore`` / ``sk:plannedNotAfter``), ``sk:asOf`` on the plan or on
  its claim graph, the claim graph ``prov:wasDerivedFrom`` its source, and an optional
  ``sk:sequence``;
- an agreement is signed in ``sk:SigningEvent`` nodes (``sk:signedAgreement``,
  ``sk:signatory``, ``sk:date``);
- a station's life is a series of ``sk:StatusPeriod`` nodes (``sk:statusOf``,
  ``sk:status``, ``sk:startDate``, ``sk:endDate``).

Dates may be ``xsd:date``, ``xsd:dateTime``, ``xsd:gYearMonth`` or ``xsd:gYear``; a
:class:`When` keeps the period such a value names.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib.term import Literal, URIRef

from kg.explore.labels import found_labels, local_name
from kg.rdf.vocab import INFERRED_GRAPH, PREFIXES
from kg.store.base import ReadStore, Row

_P = "".join(f"PREFIX {k}: <{PREFIXES[k]}>\n" for k in ("sk", "rdfs", "prov"))

MISSIONS = _P + """
SELECT DISTINCT ?item ?launch ?program ?agency WHERE {
  ?item a ?class . ?class rdfs:subClassOf* sk:SpaceMission .
  OPTIONAL { ?item sk:launchDate ?launch }
  OPTIONAL { ?item sk:partOfProgram ?program }
  OPTIONAL { ?item sk:operator ?agency }
}"""

PLANS = _P + """
SELECT ?plan ?kind ?item ?date ?nb ?na ?asOf ?graphAsOf ?source ?seq WHERE {
  VALUES ?kind { sk:PlannedLaunch sk:PlannedRetirement }
  GRAPH ?g { ?plan a ?kind ; sk:plannedFor ?item }
  FILTER(?g != ?inferred)
  OPTIONAL { ?plan sk:plannedDate ?date }
  OPTIONAL { ?plan sk:plannedNotBefore ?nb }
  OPTIONAL { ?plan sk:plannedNotAfter ?na }
  OPTIONAL { ?plan sk:asOf ?asOf }
  OPTIONAL { ?plan sk:sequence ?seq }
  OPTIONAL { ?g sk:asOf ?graphAsOf }
  OPTIONAL { ?g prov:wasDerivedFrom ?source }
}"""

SIGNINGS = _P + """
SELECT DISTINCT ?event ?item ?date ?agency WHERE {
  ?event a sk:SigningEvent ; sk:signedAgreement ?item .
  OPTIONAL { ?event sk:date ?date }
  OPTIONAL { ?event sk:signatory ?agency }
}"""

STATIONS = _P + """
SELECT DISTINCT ?period ?item ?status ?start ?end ?program ?agency WHERE {
  ?period a sk:StatusPeriod ; sk:statusOf ?item ; sk:status ?status .
  OPTIONAL { ?period sk:startDate ?start }
  OPTIONAL { ?period sk:endDate ?end }
  OPTIONAL { ?item sk:partOf ?program . ?program a sk:SpaceProgram }
  OPTIONAL { { ?item sk:operator ?agency } UNION { ?item sk:partOf/sk:operator ?agency } }
}"""

KINDS = ("mission", "agreement", "station")
_DATE = re.compile(r"^(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True, order=True)
class When:
    """A date as precise as its source: a day, a month or a year."""

    start: date
    end: date
    precision: str
    text: str

    @property
    def mid(self) -> date:
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "precision": self.precision}


def parse_when(value: object) -> When | None:
    """A :class:`When` from a typed date literal (or ISO text); None if it is not one."""
    if value is None:
        return None
    text = str(value)
    m = _DATE.match(text)
    if not m or text.startswith("-"):
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            day = date(year, int(m.group(2)), int(m.group(3)))
            return When(day, day, "day", day.isoformat())
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return When(date(year, month, 1), date(year, month, last), "month",
                        f"{year:04d}-{month:02d}")
        return When(date(year, 1, 1), date(year, 12, 31), "year", f"{year:04d}")
    except ValueError:
        return None


def span(first: When, last: When) -> When:
    """The window from the start of ``first`` to the end of ``last``."""
    return When(first.start, last.end, "window", f"{first.text} to {last.text}")


@dataclass
class Plan:
    iri: str
    kind: str  # "launch" or "retirement"
    when: When
    as_of: When | None
    sequence: int | None
    sources: list[str] = field(default_factory=list)

    def order(self) -> tuple[date, int]:
        return (self.as_of.start if self.as_of else date.max, self.sequence or 0)

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "kind": self.kind, "when": self.when.to_dict(),
                "as_of": self.as_of.to_dict() if self.as_of else None,
                "sequence": self.sequence, "sources": sorted(self.sources)}


@dataclass
class Period:
    iri: str
    status: str
    status_label: str
    start: When | None
    end: When | None

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "status": self.status, "status_label": self.status_label,
                "start": self.start.to_dict() if self.start else None,
                "end": self.end.to_dict() if self.end else None}


@dataclass
class Item:
    iri: str
    kind: str
    label: str = ""
    actual: list[When] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)

    @property
    def first_actual(self) -> When | None:
        return min(self.actual) if self.actual else None

    @property
    def launch_plans(self) -> list[Plan]:
        """Launch plans, oldest first: by ``sk:sequence`` when every plan has one (the
        order in which they were set), else by "as of" date."""
        plans = [p for p in self.plans if p.kind == "launch"]
        if plans and all(p.sequence is not None for p in plans):
            return sorted(plans, key=lambda p: (p.sequence or 0, p.order()))
        return sorted(plans, key=Plan.order)

    @property
    def still_planned(self) -> bool:
        return not self.actual and bool(self.launch_plans)

    @property
    def current_plan(self) -> Plan | None:
        plans = self.launch_plans
        return plans[-1] if plans else None

    @property
    def slip_days(self) -> int | None:
        """Days from the first stated plan to the launch (or to the latest plan)."""
        plans = self.launch_plans
        if not plans:
            return None
        target = self.first_actual or plans[-1].when
        return (target.start - plans[0].when.start).days

    def dates(self) -> list[When]:
        out = list(self.actual) + [p.when for p in self.plans]
        for p in self.periods:
            out.extend(w for w in (p.start, p.end) if w)
        return out

    def sort_key(self) -> tuple[date, str]:
        dates = [self.first_actual] if self.actual else self.dates()
        return (min(d.start for d in dates if d) if dates else date.max, self.label)

    def to_dict(self, labels: dict[str, str]) -> dict[str, Any]:
        plan = self.current_plan
        return {
            "iri": self.iri, "kind": self.kind, "label": self.label,
            "actual": [w.to_dict() for w in sorted(self.actual)],
            "plans": [p.to_dict() for p in self.launch_plans] +
                     [p.to_dict() for p in sorted(self.plans, key=Plan.order)
                      if p.kind != "launch"],
            "periods": [p.to_dict() for p in self.periods],
            "still_planned": self.still_planned,
            "current_plan": plan.when.to_dict() if plan and self.still_planned else None,
            "slip_days": self.slip_days,
            "programs": [{"iri": i, "label": labels.get(i, local_name(i))}
                         for i in sorted(self.programs)],
            "agencies": [{"iri": i, "label": labels.get(i, local_name(i))}
                         for i in sorted(self.agencies)],
        }


def _s(row: Row, name: str) -> str | None:
    value = row.get(name)
    return str(value) if isinstance(value, URIRef) else None


def _missions(store: ReadStore, items: dict[str, Item], timeout: float | None) -> None:
    for r in store.query(MISSIONS, timeout=timeout).rows():
        it = items.setdefault(str(r["item"]), Item(str(r["item"]), "mission"))
        when = parse_when(r.get("launch"))
        if when and when not in it.actual:
            it.actual.append(when)
        _add_links(it, r)


def _add_links(it: Item, r: Row) -> None:
    program, agency = _s(r, "program"), _s(r, "agency")
    if program:
        it.programs.add(program)
    if agency:
        it.agencies.add(agency)


def _signings(store: ReadStore, items: dict[str, Item], timeout: float | None) -> None:
    for r in store.query(SIGNINGS, timeout=timeout).rows():
        it = items.setdefault(str(r["item"]), Item(str(r["item"]), "agreement"))
        when = parse_when(r.get("date"))
        if when and when not in it.actual:
            it.actual.append(when)
        _add_links(it, r)


def _stations(store: ReadStore, items: dict[str, Item], timeout: float | None) -> None:
    seen: set[str] = set()
    for r in store.query(STATIONS, timeout=timeout).rows():
        it = items.setdefault(str(r["item"]), Item(str(r["item"]), "station"))
        _add_links(it, r)
        if str(r["period"]) in seen:
            continue
        seen.add(str(r["period"]))
        it.periods.append(Period(str(r["period"]), str(r["status"]), local_name(str(r["status"])),
                                 parse_when(r.get("start")), parse_when(r.get("end"))))


def _plans(store: ReadStore, items: dict[str, Item], timeout: float | None) -> None:
    plans: dict[str, Plan] = {}
    result = store.query(PLANS, bindings={"inferred": URIRef(INFERRED_GRAPH)}, timeout=timeout)
    for r in result.rows():
        it = items.get(str(r["item"]))
        if it is None:
            continue
        plan = plans.get(str(r["plan"]))
        if plan is None:
            when = _plan_when(r)
            if when is None:
                continue
            kind = "retirement" if str(r["kind"]).endswith("Retirement") else "launch"
            seq = r.get("seq")
            plan = Plan(str(r["plan"]), kind, when,
                        parse_when(r.get("asOf")) or parse_when(r.get("graphAsOf")),
                        int(seq) if isinstance(seq, Literal) and str(seq).isdigit() else None)
            plans[plan.iri] = plan
            it.plans.append(plan)
        source = _s(r, "source")
        if source and source not in plan.sources:
            plan.sources.append(source)


def _plan_when(r: Row) -> When | None:
    exact = parse_when(r.get("date"))
    if exact:
        return exact
    nb, na = parse_when(r.get("nb")), parse_when(r.get("na"))
    if nb and na:
        return span(nb, na)
    return nb or na


def collect(store: ReadStore, *, timeout: float | None = None) -> list[Item]:
    """Every mission, agreement and station with at least one date, unlabelled."""
    items: dict[str, Item] = {}
    _missions(store, items, timeout)
    _signings(store, items, timeout)
    _stations(store, items, timeout)
    _plans(store, items, timeout)
    return [it for it in items.values() if it.dates()]


@dataclass(frozen=True)
class Filters:
    program: str = ""
    agency: str = ""
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[str, ...] = KINDS

    def keep(self, it: Item) -> bool:
        if it.kind not in self.kinds:
            return False
        if self.program and self.program not in it.programs:
            return False
        if self.agency and self.agency not in it.agencies:
            return False
        lo = date(self.year_from, 1, 1) if self.year_from else date.min
        hi = date(self.year_to, 12, 31) if self.year_to else date.max
        return any(w.end >= lo and w.start <= hi for w in it.dates()) or any(
            p.start and p.start.start <= hi and (p.end is None or p.end.end >= lo)
            for p in it.periods)

    def to_dict(self) -> dict[str, Any]:
        return {"program": self.program, "agency": self.agency, "year_from": self.year_from,
                "year_to": self.year_to, "kinds": list(self.kinds)}


def _options(items: Iterable[Item], attr: str, labels: dict[str, str]) -> list[dict[str, str]]:
    iris = {i for it in items for i in getattr(it, attr)}
    return sorted(({"iri": i, "label": labels.get(i, local_name(i))} for i in iris),
                  key=lambda o: o["label"].lower())


def timeline(store: ReadStore, filters: Filters | None = None, *, lang: str = "en",
             timeout: float | None = None, today: date | None = None) -> dict[str, Any]:
    """The timeline page's data: the items that pass ``filters``, sorted by date within
    each kind, the choices for the filters, and the span of years covered."""
    filters = filters or Filters()
    items = collect(store, timeout=timeout)
    iris = {it.iri for it in items}
    for it in items:
        iris |= it.programs | it.agencies | {p.status for p in it.periods}
    labels = found_labels(store, iris, lang=lang, timeout=timeout)
    for it in items:
        it.label = labels.get(it.iri, local_name(it.iri))
        for p in it.periods:
            p.status_label = labels.get(p.status, p.status_label)
    for it in items:
        it.periods.sort(key=lambda p: p.start.start if p.start else date.min)
    kept = sorted((it for it in items if filters.keep(it)),
                  key=lambda it: (KINDS.index(it.kind), it.sort_key()))
    years = [d.start.year for it in items for d in it.dates()] or [(today or date.today()).year]
    return {
        "title": "Timeline",
        "filters": filters.to_dict(),
        "options": {"programs": _options(items, "programs", labels),
                    "agencies": _options(items, "agencies", labels),
                    "kinds": list(KINDS), "years": [min(years), max(years)]},
        "counts": {k: sum(1 for it in kept if it.kind == k) for k in KINDS},
        "items": [it.to_dict(labels) for it in kept],
        "today": (today or date.today()).isoformat(),
    }
