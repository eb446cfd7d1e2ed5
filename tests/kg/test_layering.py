"""The library never reaches into the shells: nothing under kg/ imports Flask, pyvis or web,
and engine imports stay in their engine modules."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

KG = ROOT / "kg"
FORBIDDEN = {"flask", "pyvis", "web", "werkzeug", "jinja2", "kgcli"}
ENGINE_ONLY = {"pyoxigraph": ["kg/store/oxigraph/query.py", "kg/store/oxigraph/store.py"],
               "SPARQLWrapper": ["kg/store/remote/store.py"]}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_kg_imports_no_shell() -> None:
    offenders = {
        str(p.relative_to(KG.parent)): sorted(imported_modules(p) & FORBIDDEN)
        for p in KG.rglob("*.py")
        if imported_modules(p) & FORBIDDEN
    }
    assert offenders == {}


def test_engine_imports_stay_in_their_modules() -> None:
    for module, homes in ENGINE_ONLY.items():
        users = sorted(str(p.relative_to(KG.parent)) for p in KG.rglob("*.py")
                       if module in imported_modules(p))
        assert users == homes, f"{module} imported outside {homes}: {users}"


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom web.views import x\nimport importlib\n"
                      "importlib.import_module('pyvis.network')\n")
    assert imported_modules(sample) >= {"flask", "web", "pyvis"}
