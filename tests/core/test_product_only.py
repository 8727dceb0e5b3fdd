"""The product carries no benchmark or test code: no floor page, no query-count header,
no product module importing `benchmarks` or `tests` (benchmarks/settings.py adds those
for the benchmark only)."""

import ast

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from scripts.module_sizes import PACKAGES, ROOT

PRODUCT = [package for package in PACKAGES if package not in ("benchmarks", "scripts")]


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_product_urls_have_no_floor_page():
    with pytest.raises(Resolver404):
        resolve("/floor/")
    with pytest.raises(NoReverseMatch):
        reverse("core:floor")
    for route, callback in _patterns(get_resolver()):
        assert "floor" not in route
        assert not callback.__module__.startswith(("benchmarks", "tests")), route


def test_the_product_settings_have_no_benchmark_middleware_or_app():
    assert not [m for m in settings.MIDDLEWARE if m.startswith(("benchmarks.", "tests."))]
    assert not [m for m in settings.MIDDLEWARE if "QueryCount" in m]
    assert not [a for a in settings.INSTALLED_APPS if a.split(".")[0] in ("benchmarks", "tests")]
    assert settings.ROOT_URLCONF == "config.urls"


def _imported_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_product_module_imports_benchmarks_or_tests():
    offenders = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for name in _imported_names(tree):
                if name.split(".")[0] in ("benchmarks", "tests"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_the_benchmark_settings_mount_the_floor_page_and_the_header():
    from benchmarks import settings as benchmark_settings
    from benchmarks.urls import urlpatterns

    assert benchmark_settings.MIDDLEWARE[0] == "benchmarks.middleware.QueryCountHeaderMiddleware"
    assert benchmark_settings.ROOT_URLCONF == "benchmarks.urls"
    assert "benchmarks" in benchmark_settings.INSTALLED_APPS
    assert str(urlpatterns[0].pattern) == "floor/"


@pytest.mark.django_db
def test_the_floor_page_answers_under_the_benchmark_urls(client, settings):
    from tests.factories.organizations import UserFactory

    settings.ROOT_URLCONF = "benchmarks.urls"
    settings.MIDDLEWARE = ["benchmarks.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "benchmarks"]
    client.force_login(UserFactory())
    response = client.get("/floor/")
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) > 0
