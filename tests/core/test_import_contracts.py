"""The arrows between apps ([tool.importlinter] in pyproject.toml) really hold and really
catch a wrong import: lint-imports runs on a copy of the project's code, once as it is and
once with one deliberately wrong module added per contract."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.import_contracts import _names_module
from scripts.module_sizes import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _not_code(folder: str, names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if name == "__pycache__" or (not name.endswith(".py") and not Path(folder, name).is_dir())
    ]


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The Python code and pyproject.toml of the project, in a temporary folder."""
    copy = tmp_path_factory.mktemp("project")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=_not_code)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own tool on our own copy
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_lint_imports_passes_on_the_project(project_copy):
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


WRONG_IMPORTS = [
    # (module written into the copy, its text, the contract that must break, the message)
    (
        "core/wrong.py",
        "from sharing import models\n",
        "Apps import only their own layer or lower ones (no cycles) BROKEN",
        "core is not allowed to import sharing",
    ),
    (
        "organizations/wrong.py",
        "import needs.selectors\n",
        "Apps import only their own layer or lower ones (no cycles) BROKEN",
        "organizations is not allowed to import needs",
    ),
    (
        "sharing/wrong.py",
        "from api import serializers\n",
        "Apps import only their own layer or lower ones (no cycles) BROKEN",
        "sharing is not allowed to import api",
    ),
    (
        "sprints/wrong.py",
        "from sharing import services\n",  # siblings: neither imports the other
        "Apps import only their own layer or lower ones (no cycles) BROKEN",
        "sprints is not allowed to import sharing",
    ),
    (
        "projects/wrong.py",
        "from needs.views import need_detail\n",
        "No app imports another app's views BROKEN",
        "projects.wrong is not allowed to import needs.views",
    ),
    (
        "projects/models.py",
        None,  # appended: the models module importing its app's forms
        "Models import no forms or views BROKEN",
        "projects.models is not allowed to import projects.forms",
    ),
    (
        "sprints/selectors.py",
        None,  # appended: a selector raising Http404
        "Services and selectors import no django.http (no request, response or Http404) BROKEN",
        "sprints.selectors is not allowed to import django.http",
    ),
    (
        "core/wrong_bench.py",
        "from benchmarks import views\n",
        "The product imports no benchmark code BROKEN",
        "core.wrong_bench -> benchmarks.views",
    ),
]
APPENDED = {
    "projects/models.py": "\nfrom projects import forms  # noqa\n",
    "sprints/selectors.py": "\nfrom django.http import Http404  # noqa\n",
}


@pytest.mark.parametrize(
    ("module", "text", "broken", "message"),
    WRONG_IMPORTS,
    ids=lambda value: value if isinstance(value, str) and value.endswith(".py") else "",
)
def test_a_wrong_import_fails_lint_imports(tmp_path, project_copy, module, text, broken, message):
    copy = tmp_path / "project"
    shutil.copytree(project_copy, copy)
    target = copy / module
    if text is None:
        target.write_text(target.read_text() + APPENDED[module])
    else:
        target.write_text(text)
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout
    assert message in result.stdout


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("from django.http import Http404", True),
        ("from django.http.response import HttpResponse", True),
        ("from django import http", True),
        ("import django.http", True),
        ("from django.db import transaction", False),
        ("from django.http_extra import x", False),
    ],
)
def test_names_module_reads_the_import_statement(line, expected):
    assert _names_module(line, "django.http") is expected
