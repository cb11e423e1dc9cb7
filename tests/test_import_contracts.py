"""The import contracts (pyproject.toml [tool.importlinter], docs/architecture.md "Layers") hold, cover every
package, and break when an import goes against them.

`make lint` runs lint-imports on the tree; these tests show that the contracts are not vacuous: a copy of the
packages with one deliberately reversed import fails lint with the contract's message.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _contract(contract_id: str) -> dict:
    return next(c for c in _config()["contracts"] if c["id"] == contract_id)


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the first-party packages and the contracts, to break on purpose."""
    tree = tmp_path_factory.mktemp("contracts")
    for package in _config()["root_packages"]:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def _with_import(package_copy: Path, module: str, statement: str, tmp_path: Path) -> Path:
    """A fresh copy of `package_copy` in which `module` (a file path relative to the tree) gains `statement`."""
    tree = tmp_path / "tree"
    shutil.copytree(package_copy, tree)
    target = tree / module
    target.write_text(target.read_text() + f"\n{statement}  # noqa\n")
    return tree


def test_every_first_party_package_is_under_contract() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}}
    assert set(_config()["root_packages"]) == packages
    layered = {name.strip() for layer in _contract("layers")["layers"] for name in layer.replace("|", ":").split(":")}
    assert layered == packages


def test_every_cases_feature_package_is_in_a_layer() -> None:
    features = {p.name for p in (ROOT / "cases").iterdir() if (p / "__init__.py").exists() and p.name != "migrations"}
    layered = {
        name.strip() for layer in _contract("cases-layers")["layers"] for name in layer.replace("|", ":").split(":")
    }
    assert features <= layered


def test_the_tree_keeps_every_contract(package_copy: Path) -> None:
    result = _lint(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "message"),
    [
        ("verzuim/audit.py", "from cases.absence import models", "verzuim is not allowed to import cases"),
        ("verzuim/audit.py", "import complaints.models", "verzuim is not allowed to import complaints"),
        ("cases/absence/services.py", "from premiums import models", "cases is not allowed to import premiums"),
        ("cases/rhythm/services.py", "import complaints.deadlines", "cases is not allowed to import complaints"),
    ],
    ids=["core-imports-cases", "core-imports-complaints", "cases-imports-premiums", "cases-imports-complaints"],
)
def test_an_import_against_the_layer_order_fails_lint(
    package_copy: Path, tmp_path: Path, module: str, statement: str, message: str
) -> None:
    result = _lint(_with_import(package_copy, module, statement, tmp_path))
    assert result.returncode == 1
    assert message in result.stdout


def test_a_pure_rule_module_that_reaches_a_model_fails_lint(package_copy: Path, tmp_path: Path) -> None:
    result = _lint(_with_import(package_copy, "premiums/calculator.py", "from verzuim import models", tmp_path))
    assert result.returncode == 1
    assert "premiums.calculator is not allowed to import verzuim.models" in result.stdout


def test_the_absence_package_importing_a_feature_fails_lint(package_copy: Path, tmp_path: Path) -> None:
    result = _lint(_with_import(package_copy, "cases/absence/services.py", "from cases.income import rules", tmp_path))
    assert result.returncode == 1
    assert "cases.absence is not allowed to import cases.income" in result.stdout


def test_the_pure_rule_modules_import_no_django_orm() -> None:
    """import-linter sees only the root of an outside package (django), so the ORM itself is checked here."""
    for module in _contract("pure-rules")["source_modules"]:
        source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        assert "django.db" not in source, module
