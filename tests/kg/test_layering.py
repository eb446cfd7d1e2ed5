"""The layout holds: the library never reaches into the shells, engine imports stay in
their engine modules, no module imports another's private names, no imports hide in
functions without a comment saying why, and the imports between the modules of kg/ and
web/ (and between their packages) form no cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

KG = ROOT / "kg"
FORBIDDEN = {"flask", "pyvis", "web", "werkzeug", "jinja2", "kgcli"}
ENGINE_ONLY = {"pyoxigraph": ["kg/rdf/parse.py", "kg/store/oxigraph/query.py",
                              "kg/store/oxigraph/store.py"],
               "SPARQLWrapper": ["kg/store/remote/store.py"]}
#: the store modules: the only ones that may talk to an engine
STORE = "kg/store/"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


def imports(path: Path) -> Iterator[tuple[ast.stmt, str, list[str]]]:
    """(node, imported module, names) for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path).split(".") if path.is_relative_to(ROOT) else []
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[:len(package) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            yield node, base, [a.name for a in node.names]


def imported_modules(path: Path) -> set[str]:
    names = {module.split(".")[0] for _, module, _ in imports(path)}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
                and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sources("kg", "web", "kgcli")}


def _runtime_imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    """The imports that run (those under ``if TYPE_CHECKING:`` do not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING"
               for child in node.body for n in ast.walk(child)}
    for node, module, names in imports(path):
        if id(node) not in skipped:
            yield module, names


def edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> project modules it imports, in a function too (``from kg.x import y`` is
    an edge to ``kg.x.y`` when that is a module, else to ``kg.x``)."""
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for module, names in _runtime_imports(path):
            for target in [f"{module}.{n}" for n in names] or [module]:
                found.add(target if target in modules else module)
        out[name] = {m for m in found if m in modules} - {name}
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_of(module: str) -> str:
    """``kg.loading.bulk`` -> ``kg.loading``; a top-level module is its own package."""
    parts = module.split(".")
    if len(parts) >= 2 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return module


def test_kg_imports_no_shell() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_modules(p) & FORBIDDEN)
        for p in KG.rglob("*.py")
        if imported_modules(p) & FORBIDDEN
    }
    assert offenders == {}


def test_engine_imports_stay_in_their_modules() -> None:
    for module, homes in ENGINE_ONLY.items():
        users = sorted(str(p.relative_to(ROOT)) for p in sources("kg", "web", "kgcli")
                       if module in imported_modules(p))
        assert users == homes, f"{module} imported outside {homes}: {users}"


def test_only_the_store_layer_runs_queries_on_an_engine() -> None:
    """Engine objects (pyoxigraph's Store, SPARQLWrapper) are made only in kg/store/;
    every other module reaches an engine through the guarded store interface."""
    makers = ("ox.Store(", "pyoxigraph.Store(", "SPARQLWrapper(")
    users = sorted(str(p.relative_to(ROOT)) for p in sources("kg", "web", "kgcli")
                   if any(m in p.read_text(encoding="utf-8") for m in makers)
                   and not str(p.relative_to(ROOT)).startswith(STORE))
    assert users == []


def test_no_import_cycles_between_modules() -> None:
    assert cycles(edges(project_modules())) == []


def test_no_import_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for module, targets in edges(project_modules()).items():
        if module in ("kg", "web"):  # the facades import from every package by design
            continue
        graph.setdefault(package_of(module), set()).update(
            package_of(t) for t in targets if package_of(t) != package_of(module))
    assert cycles(graph) == []


def test_no_private_names_imported_across_modules() -> None:
    offenders = []
    for path in sources("kg", "web", "kgcli"):
        for _, module, names in imports(path):
            if module.split(".")[0] not in ("kg", "web", "kgcli"):
                continue
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            private += [part for part in module.split(".") if part.startswith("_")
                        and part not in ("__init__", "_bundle")]
            if private:
                offenders.append(f"{path.relative_to(ROOT)}: {module} {private}")
    assert offenders == []


def test_imports_inside_functions_say_why() -> None:
    """An import in a function body needs a comment on its line or the line before
    (start-up cost, an optional dependency): never to dodge a cycle."""
    offenders = []
    for path in sources("kg", "web", "kgcli"):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        top = {id(n) for n in tree.body}
        for node, module, _ in imports(path):
            if id(node) in top or node.col_offset == 0:
                continue
            if module == "__future__":
                continue
            said = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            if not said:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    assert offenders == []


def test_each_package_says_what_it_owns() -> None:
    for init in sorted(KG.rglob("__init__.py")) + sorted((ROOT / "web").rglob("__init__.py")):
        if "_bundle" in init.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init.relative_to(ROOT)} has no docstring to speak of"


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom web.views import x\nimport importlib\n"
                      "importlib.import_module('pyvis.network')\n")
    assert imported_modules(sample) >= {"flask", "web", "pyvis"}


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]],
                                       expected: list[list[str]]) -> None:
    assert cycles(graph) == expected
