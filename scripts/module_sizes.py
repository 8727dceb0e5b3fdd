"""Modules over 500 lines and functions over 80 lines, outside migrations and demo data.

    .venv/bin/python scripts/module_sizes.py [ROOT ...]

Prints one line per finding (`path: N lines` for a module, `path:LINE name: N lines` for a
function or method) and exits 1 when there is any. Without arguments it looks at every
app, `config`, `benchmarks` and `scripts`. `tests/core/test_module_sizes.py` runs it and
allows only the listed remaining exceptions.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "core",
    "notifications",
    "organizations",
    "needs",
    "procurements",
    "dialogue",
    "sharing",
    "sprints",
    "projects",
    "arena",
    "reports",
    "api",
    "config",
    "benchmarks",
    "scripts",
)
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _skipped(path: Path) -> bool:
    return "migrations" in path.parts or path.name == "demo.py" or "demo" in path.parts


def python_files(roots=PACKAGES) -> list[Path]:
    files = []
    for root in roots:
        base = ROOT / root
        candidates = [base] if base.is_file() else sorted(base.rglob("*.py"))
        files.extend(path for path in candidates if not _skipped(path.relative_to(ROOT)))
    return files


def findings(roots=PACKAGES) -> list[str]:
    """`path` for a long module, `path::name` for a long function (qualified by class)."""
    found = []
    for path in python_files(roots):
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append((name, lines))
        for qualname, length in _long_functions(ast.parse(text)):
            found.append((f"{name}::{qualname}", length))
    return [f"{where}: {length} lines" for where, length in found]


def _long_functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            qualname = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    yield qualname, length
            yield from _long_functions(node, f"{qualname}.")


def main(argv: list[str]) -> int:
    found = findings(argv or PACKAGES)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
