"""`pip install .` (not editable) carries the bundled ontology, facts, queries, templates and
static files, and works from any working directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # a pip install of the project first

CHECK = """
import json, kg, web
from kg.bundle import bundle_dir, data_files, ontology_files
from kg.settings import load_settings
from web import create_app
app = create_app(load_settings({"memory": True}))
client = app.test_client()
home = client.get("/index.json").get_json()
css = client.get("/static/style.css")
print(json.dumps({"kg": kg.__file__, "web": web.__file__,
                  "data": [str(p) for p in data_files()],
                  "ontology": [str(p) for p in ontology_files()],
                  "queries": sorted(p.name for p in bundle_dir("queries").glob("*.rq")),
                  "triples": home["triples"], "css": css.status_code}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True, timeout=300,
                   capture_output=True)
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=True)


def test_installed_package_finds_its_bundle_from_anywhere(site: Path, tmp_path: Path) -> None:
    out = json.loads(run_installed(site, tmp_path, "-c", CHECK).stdout)
    assert out["kg"].startswith(str(site)) and out["web"].startswith(str(site))
    assert out["data"] and all(p.startswith(str(site)) for p in out["data"])
    assert out["ontology"] and all(p.startswith(str(site)) for p in out["ontology"])
    assert out["queries"] == sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert out["triples"] > 0 and out["css"] == 200


def test_installed_cli_builds_a_store_in_an_unrelated_directory(site: Path,
                                                                tmp_path: Path) -> None:
    proc = run_installed(site, tmp_path, "-m", "kgcli", "stats", "--json",
                         "--store", str(tmp_path / "store"))
    assert json.loads(proc.stdout)["triples"] > 0
    assert (tmp_path / "store").is_dir()
