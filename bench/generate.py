"""Generate a synthetic space-program graph of a given size, deterministically.

The graph uses the project's vocabulary (sk:, PROV-O, Dublin Core): agencies, countries,
programs, missions with launch dates and crews, stations with status periods, agreements
with signing events, sources, and one claim graph per fact group carrying
prov:wasDerivedFrom. A few hubs make the graph view work hard: agency-0 operates about
40% of all missions (tens of thousands at 1M triples), program-0 holds 10% of them, and
source-0 backs 30% of the claim graphs.

The same seed and size always give the same bytes. Output is streamed (constant memory)
and written as N-Quads, TriG, N-Triples or Turtle (the last two drop the claim graphs'
names but keep their provenance triples). A JSON manifest is written beside the file
with the counts and the hub IRIs, for the benchmarks to pick lookups from.

    python bench/generate.py --size 1m                      # bench/data/space-1m.nq
    python bench/generate.py --size 100k --format ttl -o /tmp/small.ttl
    python bench/generate.py --size 5000 --seed 7 -o -      # to standard output
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

VERSION = 2  # bump when the same seed and size give different bytes
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
FORMATS = {"nq": "nquads", "trig": "trig", "nt": "ntriples", "ttl": "turtle"}
DATA = Path(__file__).resolve().parent / "data"

ID = "https://w3id.org/spacekg/id/bench/"
SK = "https://w3id.org/spacekg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
TITLE = "<http://purl.org/dc/terms/title>"
PUBLISHER = "<http://purl.org/dc/terms/publisher>"
DCDATE = "<http://purl.org/dc/terms/date>"
XSD_DATE = "<http://www.w3.org/2001/XMLSchema#date>"
AS_OF = '"2026-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"

Line = str  # "subject predicate object", terms in N-Triples syntax, no final " ."
Block = tuple[str | None, list[Line]]  # (graph, lines); prov:wasDerivedFrom comes first


def sk(name: str) -> str:
    return f"<{SK}{name}>"


def iri(local: str) -> str:
    return f"<{ID}{local}>"


def lit(text: str, lang: str = "en") -> str:
    return f'"{text}"@{lang}'


A = RDF_TYPE
BODIES = ["moon", "mars", "earth-orbit", "venus", "sun", "jupiter", "asteroid-belt"]
OUTCOMES = [sk("success")] * 8 + [sk("failure"), sk("partialSuccess")]
STATUSES = [sk("planned"), sk("operational"), sk("paused"), sk("retired")]
AGREEMENT_TYPES = [sk("MemorandumOfUnderstanding"), sk("CooperationAgreement"), sk("Treaty"),
                   sk("IntergovernmentalAgreement"), sk("NonBindingArrangement")]
N_SITES, N_VEHICLES, N_COUNTRIES = 12, 24, 20


@dataclass
class Plan:
    """How many of each kind a graph of ``triples`` triples gets (missions fill the rest)."""

    triples: int
    seed: int
    agencies: int
    programs: int
    stations: int
    people: int
    agreements: int
    sources: int

    @classmethod
    def for_size(cls, triples: int, seed: int) -> Plan:
        return cls(triples=triples, seed=seed,
                   agencies=12 + triples // 50_000, programs=max(5, triples // 5_000),
                   stations=5 + triples // 100_000, people=max(20, triples // 100),
                   agreements=max(2, triples // 1_000), sources=max(10, triples // 500))


class Dates:
    """Every day from 1957 to 2035 as a typed literal, picked by a random float."""

    def __init__(self) -> None:
        start = dt.date(1957, 10, 4)
        days = (dt.date(2035, 12, 31) - start).days
        self.all = [f'"{start + dt.timedelta(d)}"^^{XSD_DATE}' for d in range(days)]

    def pick(self, r: float) -> str:
        return self.all[int(r * len(self.all))]


def catalogue() -> Iterator[Block]:
    g = iri("claim/catalogue")
    lines = claim_header(g, iri("source/0"))
    for b in BODIES:
        lines += [f"{iri(b)} {A} {sk('CelestialBody')}", f"{iri(b)} {LABEL} {lit(b)}"]
    for i in range(N_SITES):
        s = iri(f"site-{i}")
        lines += [f"{s} {A} {sk('LaunchPad')}", f"{s} {LABEL} {lit(f'Launch pad {i}')}",
                  f"{s} {sk('country')} {iri(f'country-{i % N_COUNTRIES}')}"]
    for i in range(N_VEHICLES):
        v = iri(f"vehicle-{i}")
        lines += [f"{v} {A} {sk('LaunchVehicle')}", f"{v} {LABEL} {lit(f'Launcher {i}')}"]
    for i in range(N_COUNTRIES):
        c = iri(f"country-{i}")
        lines += [f"{c} {A} {sk('Country')}", f"{c} {LABEL} {lit(f'Country {i}')}",
                  f"{c} {LABEL} {lit(f'国家 {i}', 'zh')}"]
    yield g, lines


def claim_header(g: str, source: str) -> list[Line]:
    """A claim graph's own description: source first, so a cut block still has it."""
    return [f"{g} {DERIVED} {source}", f"{g} {A} {sk('ClaimGraph')}",
            f"{g} {sk('asOf')} {AS_OF}", f"{g} {sk('verification')} {sk('unverified')}"]


def claim(name: str, source: str) -> tuple[str, list[Line]]:
    g = iri(f"claim/{name}")
    return g, claim_header(g, source)


def filler(count: int) -> Block:
    """Exactly ``count`` lines (at least 4) that break no shape: the size's last block."""
    g, lines = claim("filler", iri("source/0"))
    hub = iri("agency-0")
    lines += [f"{hub} {ALT_LABEL} {lit(f'Agency 0, alias {k}')}" for k in range(count - 4)]
    return g, lines[:count]


class World:
    """The random choices, all drawn from one seeded generator in a fixed order."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.dates = Dates()

    def source(self) -> str:
        if self.rng.random() < 0.3:
            return iri("source/0")
        return iri(f"source/{int(self.rng.random() * self.plan.sources)}")

    def agency(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return iri("agency-0")
        if r < 0.6:
            return iri("agency-1")
        if r < 0.7:
            return iri("agency-2")
        return iri(f"agency-{int(self.rng.random() * self.plan.agencies)}")

    def program(self) -> str:
        if self.rng.random() < 0.1:
            return iri("program-0")
        return iri(f"program-{int(self.rng.random() * self.plan.programs)}")

    def person(self) -> str:
        return iri(f"person-{int(self.rng.random() * self.plan.people)}")

    def date(self) -> str:
        return self.dates.pick(self.rng.random())

    def sources(self) -> Iterator[Block]:
        g, lines = claim("sources", iri("source/0"))
        for i in range(self.plan.sources):
            s = iri(f"source/{i}")
            lines += [f"{s} {A} {sk('Source')}", f'{s} {TITLE} "Synthetic report {i}"',
                      f'{s} {PUBLISHER} "Publisher {i % 37}"', f"{s} {DCDATE} {self.date()}",
                      f'{s} {sk("localCopy")} "synthetic: bench/generate.py"']
        yield g, lines

    def agencies(self) -> Iterator[Block]:
        g, lines = claim("agencies", iri("source/0"))
        for i in range(self.plan.agencies):
            a = iri(f"agency-{i}")
            hub = " (hub)" if i < 3 else ""
            lines += [f"{a} {A} {sk('SpaceAgency')}", f"{a} {LABEL} {lit(f'Agency {i}{hub}')}",
                      f"{a} {LABEL} {lit(f'航天局 {i}', 'zh')}",
                      f"{a} {sk('country')} {iri(f'country-{i % N_COUNTRIES}')}",
                      f"{a} {sk('foundingDate')} {self.date()}"]
        yield g, lines

    def programs(self) -> Iterator[Block]:
        g, lines = claim("programs", iri("source/0"))
        for i in range(self.plan.programs):
            p = iri(f"program-{i}")
            lines += [f"{p} {A} {sk('SpaceProgram')}", f"{p} {LABEL} {lit(f'Program {i}')}",
                      f"{p} {sk('operator')} {self.agency()}",
                      f"{p} {sk('destination')} {iri(BODIES[i % len(BODIES)])}"]
        yield g, lines

    def stations(self) -> Iterator[Block]:
        for i in range(self.plan.stations):
            s = iri(f"station-{i}")
            g, lines = claim(f"station-{i}", self.source())
            lines += [f"{s} {A} {sk('SpaceStation')}", f"{s} {LABEL} {lit(f'Station {i}')}",
                      f"{s} {sk('operator')} {self.agency()}"]
            for k, status in enumerate(STATUSES):
                sp = iri(f"station-{i}/status-{k}")
                lines += [f"{sp} {A} {sk('StatusPeriod')}", f"{sp} {sk('statusOf')} {s}",
                          f"{sp} {LABEL} {lit(f'Station {i} status period {k}')}",
                          f"{sp} {sk('status')} {status}", f"{sp} {sk('startDate')} {self.date()}"]
            yield g, lines

    def people(self) -> Iterator[Block]:
        for start in range(0, self.plan.people, 1000):
            g, lines = claim(f"people-{start // 1000}", self.source())
            for i in range(start, min(start + 1000, self.plan.people)):
                p = iri(f"person-{i}")
                lines += [f"{p} {A} {sk('Astronaut')}", f"{p} {LABEL} {lit(f'Person {i}')}",
                          f"{p} {sk('employer')} {self.agency()}"]
            yield g, lines

    def agreements(self) -> Iterator[Block]:
        rng = self.rng
        for i in range(self.plan.agreements):
            a = iri(f"agreement-{i}")
            g, lines = claim(f"agreement-{i}", self.source())
            kind = AGREEMENT_TYPES[int(rng.random() * len(AGREEMENT_TYPES))]
            lines += [f"{a} {A} {sk('Agreement')}", f"{a} {A} {kind}",
                      f"{a} {LABEL} {lit(f'Agreement {i}')}"]
            date = self.date()
            for k in range(3 + int(rng.random() * 4)):
                e = iri(f"agreement-{i}/signing-{k}")
                lines += [f"{e} {A} {sk('SigningEvent')}", f"{e} {sk('signedAgreement')} {a}",
                          f"{e} {LABEL} {lit(f'Agreement {i} signing {k}')}",
                          f"{e} {sk('signatory')} {self.agency()}",
                          f"{e} {sk('signedBy')} {self.person()}",
                          f"{e} {sk('onBehalfOf')} {iri(f'country-{int(rng.random() * 20)}')}",
                          f"{e} {sk('date')} {date}"]
            yield g, lines

    def missions(self) -> Iterator[Block]:
        rng = self.rng
        i = 0
        while True:
            m = iri(f"mission-{i}")
            g, lines = claim(f"mission-{i}", self.source())
            crewed = rng.random() < 0.4
            lines.append(f"{m} {A} {sk('CrewedMission' if crewed else 'RoboticMission')}")
            if rng.random() < 0.5:
                lines.append(f"{m} {A} {sk('LunarMission')}")
            lines += [f"{m} {LABEL} {lit(f'Mission {i}')}",
                      f"{m} {sk('partOfProgram')} {self.program()}",
                      f"{m} {sk('operator')} {self.agency()}",
                      f"{m} {sk('launchDate')} {self.date()}",
                      f"{m} {sk('launchSite')} {iri(f'site-{int(rng.random() * N_SITES)}')}",
                      f"{m} {sk('launchVehicle')} "
                      f"{iri(f'vehicle-{int(rng.random() * N_VEHICLES)}')}",
                      f"{m} {sk('destination')} {iri(BODIES[int(rng.random() * len(BODIES))])}",
                      f"{m} {sk('outcome')} {OUTCOMES[int(rng.random() * len(OUTCOMES))]}"]
            if rng.random() < 0.3:
                lines.append(f"{m} {LABEL} {lit(f'任务 {i}', 'zh')}")
            if crewed:
                first, n = int(rng.random() * self.plan.people), self.plan.people
                lines += [f"{m} {sk('crewMember')} {iri(f'person-{(first + k) % n}')}"
                          for k in range(3)]
            if rng.random() < 0.3:
                pl = iri(f"mission-{i}/planned-launch")
                lines += [f"{pl} {A} {sk('PlannedLaunch')}", f"{pl} {sk('plannedFor')} {m}",
                          f"{pl} {LABEL} {lit(f'Mission {i} planned launch')}",
                          f"{pl} {sk('plannedDate')} {self.date()}"]
            yield g, lines
            i += 1

    def blocks(self) -> Iterator[Block]:
        yield from catalogue()
        for part in (self.sources, self.agencies, self.programs, self.stations, self.people,
                     self.agreements, self.missions):
            yield from part()


@dataclass
class Manifest:
    """What was generated: written as JSON beside the file."""

    file: str
    format: str
    version: int
    triples: int
    seed: int
    missions: int
    agencies: int
    programs: int
    people: int
    hub_agency: str
    hub_program: str
    hub_source: str
    seconds: float


def write(out: IO[str], plan: Plan, fmt: str) -> int:
    """Write exactly ``plan.triples`` triples as ``fmt``; return the number of missions."""
    quads, trig = fmt == "nq", fmt == "trig"
    if fmt in ("ttl", "trig"):
        out.write(f"@prefix sk: <{SK}> .\n@prefix : <{ID}> .\n")
    left = plan.triples
    missions = 0
    buffer: list[str] = []
    for graph, lines in World(plan).blocks():
        if left <= 0:
            break
        if len(lines) + 4 > left:  # the last block: whole ones would overshoot the size
            graph, lines = filler(left) if left >= 4 else (graph, lines[:left])
        left -= len(lines)
        if quads:
            buffer.append(f" {graph} .\n".join(lines) + f" {graph} .\n")
        elif trig:
            buffer.append(f"{graph} {{\n" + " .\n".join(lines) + " .\n}\n")
        else:
            buffer.append(" .\n".join(lines) + " .\n")
        if graph is not None and graph.startswith(f"<{ID}claim/mission-"):
            missions += 1
        if len(buffer) >= 2000:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))
    return missions


def parse_size(text: str) -> int:
    text = text.lower().replace("_", "")
    if text in SIZES:
        return SIZES[text]
    multiplier = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(text.rstrip("km")) * multiplier


def default_path(size: str, fmt: str) -> Path:
    return DATA / f"space-{size.lower()}.{fmt}"


def generate(path: Path | None, triples: int, *, fmt: str = "nq", seed: int = 42) -> Manifest:
    """Write the graph to ``path`` (standard output when None) and its manifest beside it."""
    plan = Plan.for_size(triples, seed)
    started = time.perf_counter()
    if path is None:
        missions = write(sys.stdout, plan, fmt)
        sys.stdout.flush()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
            missions = write(out, plan, fmt)
    manifest = Manifest(
        file=str(path) if path else "-", format=FORMATS[fmt], version=VERSION, triples=triples,
        seed=seed,
        missions=missions, agencies=plan.agencies, programs=plan.programs, people=plan.people,
        hub_agency=ID + "agency-0", hub_program=ID + "program-0", hub_source=ID + "source/0",
        seconds=round(time.perf_counter() - started, 3))
    if path is not None:
        Path(f"{path}.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    doc = (__doc__ or "").split("\n\n")
    parser = argparse.ArgumentParser(
        prog="python bench/generate.py", description="\n\n".join(doc[:3]), epilog=doc[3],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1m", help="100k, 1m, 10m or a number of triples "
                        "(5000, 250k); default 1m")
    parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="nq",
                        help="nq (default), trig, nt or ttl")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("-o", "--output", help="file to write, '-' for standard output "
                        "(default bench/data/space-SIZE.FORMAT)")
    args = parser.parse_args(argv)
    triples = parse_size(args.size)
    if args.output == "-":
        generate(None, triples, fmt=args.fmt, seed=args.seed)
        return 0
    path = Path(args.output) if args.output else default_path(args.size, args.fmt)
    m = generate(path, triples, fmt=args.fmt, seed=args.seed)
    print(f"{path}: {m.triples} triples, {m.missions} missions, hub {m.hub_agency}, "
          f"{m.seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
