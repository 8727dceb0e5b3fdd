"""Samverka's own import-linter contract types (registered in pyproject.toml).

import-linter's built-in contracts cannot say two of our rules, so they are written here:

- `own_views_only`: no app imports another app's `views` (a page is reached by its URL,
  never by calling another app's view function);
- `forbidden_external_submodules`: a set of modules imports none of the named submodules
  of an external package, e.g. services and selectors never import `django.http` (no
  request, no response, no Http404: a selector returns None or raises a domain error and
  the view translates). The built-in `forbidden` contract can forbid only a whole
  external package (`django`), not `django.http`.

Both look at direct imports only and accept `ignore_imports` lines (`a.b -> c.d`, with
`*`/`**` wildcards as in import-linter's own contracts).
"""

from __future__ import annotations

import re

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules


def _pattern(expression: str) -> re.Pattern:
    """An import-linter module expression (`*` one name, `**` any depth) as a regex."""
    parts = []
    for part in expression.split("."):
        if part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        elif part == "*":
            parts.append(r"[^.]+")
        else:
            parts.append(re.escape(part))
    return re.compile(r"\.".join(parts) + r"\Z")


class _IgnoringContract(Contract):
    ignore_imports = fields.ListField(subfield=fields.StringField(), required=False)

    def _ignored(self, importer: str, imported: str) -> bool:
        for line in self.ignore_imports or []:
            left, _, right = (part.strip() for part in line.partition("->"))
            if _pattern(left).match(importer) and _pattern(right).match(imported):
                self._used.add(line)
                return True
        return False

    def _check(self, violations: list[dict]) -> ContractCheck:
        unused = [line for line in self.ignore_imports or [] if line not in self._used]
        return ContractCheck(
            kept=not violations,
            metadata={"violations": violations},
            warnings=[f"No matches for ignored import {line}." for line in unused],
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(
                f"{violation['importer']} is not allowed to import {violation['imported']} "
                f"(l. {violation['line']})",
                bold=False,
            )
        output.new_line()


class OwnViewsOnlyContract(_IgnoringContract):
    """No module of one app imports a listed submodule (`views`) of another app."""

    type_name = "own_views_only"

    apps = fields.ListField(subfield=fields.StringField())
    private = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        self._used: set[str] = set()
        private = tuple(self.private or ["views"])
        apps = set(self.apps)
        violations = []
        for importer in sorted(graph.modules):
            app = importer.split(".", 1)[0]
            if app not in apps:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                parts = imported.split(".")
                if parts[0] == app or parts[0] not in apps or len(parts) < 2:
                    continue
                if parts[1] in private and not self._ignored(importer, imported):
                    violations.append(_violation(graph, importer, imported))
        return self._check(violations)


class ForbiddenExternalSubmodulesContract(_IgnoringContract):
    """The source modules (and their descendants) import none of the forbidden external
    submodules (`django.http`). Needs `include_external_packages = true`."""

    type_name = "forbidden_external_submodules"

    source_modules = fields.ListField(subfield=fields.ModuleExpressionField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        self._used = set()
        sources = module_expressions_to_modules(graph, self.source_modules, as_packages=True)
        violations = []
        for source in sorted(module.name for module in sources):
            for forbidden in self.forbidden_modules:
                package = forbidden.split(".", 1)[0]
                if package not in graph.find_modules_directly_imported_by(source):
                    continue
                for detail in graph.get_import_details(importer=source, imported=package):
                    if _names_module(detail["line_contents"], forbidden) and not self._ignored(
                        source, forbidden
                    ):
                        violations.append(
                            {
                                "importer": source,
                                "imported": forbidden,
                                "line": detail["line_number"],
                            }
                        )
        return self._check(violations)


def _names_module(line: str, module: str) -> bool:
    """Whether an import statement's text imports `module` or something inside it."""
    words = line.replace(",", " ").replace("(", " ").split()
    if words[:1] == ["from"] and len(words) > 3:
        # `from django.http import Http404`, and `from django import http`
        names = [words[1], *(f"{words[1]}.{word}" for word in words[3:])]
    elif words[:1] == ["import"] and len(words) > 1:
        names = words[1:]
    else:
        return False
    return any(name == module or name.startswith(module + ".") for name in names)


def _violation(graph: ImportGraph, importer: str, imported: str) -> dict:
    details = graph.get_import_details(importer=importer, imported=imported)
    return {
        "importer": importer,
        "imported": imported,
        "line": details[0]["line_number"] if details else "?",
    }
