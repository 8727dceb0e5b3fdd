"""How apps plug into the shared layout without editing shared files.

An app may provide:
- `navigation.py` with `items(user) -> list[NavItem]` (menu entries it offers this user;
  an entry may name a `group` of NAV_GROUPS to sit in that drop-down, else it is an entry
  of the top row of its own);
- `dashboard.py` with `sections(request) -> list[DashboardSection]` (cards on the landing
  page; for a supplier user the landing page is the supplier portal home);
- `setup.py` with `steps(user) -> list[SetupStep]` (what a new organisation sets up, for
  the getting-started page);

Each is looked up once per process, in the order of INSTALLED_APPS.
"""

import importlib
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50
    # A short key used for the active state, e.g. "sharing".
    key: str = ""
    # The drop-down it sits in (a key of NAV_GROUPS); "" or an unknown key: the top row.
    group: str = ""


# The top menu's drop-downs: the label of each; a group sits where its first entry would.
# "account" is the drop-down under the user's name at the right.
NAV_GROUPS = {
    "procurement": pgettext_lazy("menu", "Procurement"),
    "sharing": _("Sharing"),
    "collaboration": pgettext_lazy("menu", "Collaboration"),
    "account": _("Your account"),
}


@dataclass
class NavEntry:
    """One entry of the top row: a link (`url`) or a drop-down of `children`; `current`
    when the page shown is in it (aria-current)."""

    label: str
    url: str = ""
    key: str = ""
    current: bool = False
    children: list["NavEntry"] = field(default_factory=list)


@dataclass
class DashboardSection:
    """A card: `template` rendered with `context` as `ctx`, unless `html` holds it already
    (see `rendered`)."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
    html: str = ""


def rendered(sections: list[DashboardSection]) -> list[DashboardSection]:
    """The sections with their HTML written, for a card that is cached: the HTML, not the
    objects it shows, goes into the cache, so a cached card costs a string. Only for
    templates that show `ctx` and nothing of the request (no form with a CSRF token);
    the cache scope must carry the language."""
    from django.template.loader import render_to_string

    return [
        replace(
            section, context={}, html=render_to_string(section.template, {"ctx": section.context})
        )
        for section in sections
    ]


@cache
def _modules(name: str) -> tuple:
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(_project_root())):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return tuple(found)


def _project_root():
    from django.conf import settings

    return settings.BASE_DIR


def navigation_items(user) -> list[NavItem]:
    items: list[NavItem] = []
    for module in _modules("navigation"):
        items.extend(module.items(user))
    return sorted(items, key=lambda item: item.order)


def navigation_menu(user, path: str) -> tuple[list[NavEntry], NavEntry | None]:
    """The top row (links and drop-downs, in order) and the account drop-down, with the
    current section marked: the entry whose address is the longest start of `path`."""
    items = navigation_items(user)
    matching = [item for item in items if item.url and path.startswith(item.url)]
    current = max(matching, key=lambda item: len(item.url), default=None)
    row: list[NavEntry] = []
    groups: dict[str, NavEntry] = {}
    for item in items:
        entry = NavEntry(str(item.label), item.url, item.key, item is current)
        if item.group not in NAV_GROUPS:
            row.append(entry)
            continue
        group = groups.get(item.group)
        if group is None:
            group = groups[item.group] = NavEntry(str(NAV_GROUPS[item.group]), key=item.group)
            if item.group != "account":
                row.append(group)
        group.children.append(entry)
        group.current |= entry.current
    return row, groups.get("account")


def dashboard_sections(request) -> list[DashboardSection]:
    sections: list[DashboardSection] = []
    for module in _modules("dashboard"):
        sections.extend(module.sections(request))
    return sorted(sections, key=lambda section: section.order)


@dataclass(frozen=True)
class ReportKind:
    """A PDF report an app offers. Apps list theirs in `reports.py` as `REPORT_KINDS`.

    - `form_class(data=None, *, user)`: the parameters, with every choice scoped to the
      user; `form.to_params()` returns a JSON-serialisable dict once valid.
    - `build_context(params, user, progress)`: re-fetches everything through the app's
      selectors *as the requesting user* (so a report never shows what its requester may
      not see), calls `progress(percent, message)` now and then, returns the template
      context. It must not write anything.
    - `may_request(user)`: whether the user may ask for this kind at all.
    - `template`: extends `pdf/base.html`.
    """

    key: str
    title: Any
    template: str
    form_class: Any
    build_context: Any
    may_request: Any
    pdf_variant: str | None = None
    description: Any = ""


def report_kinds() -> dict[str, ReportKind]:
    kinds: dict[str, ReportKind] = {}
    for module in _modules("reports"):
        for kind in getattr(module, "REPORT_KINDS", ()):
            kinds[kind.key] = kind
    return kinds


@dataclass(frozen=True)
class SetupStep:
    """One thing a new organisation sets up, shown ticked on the getting-started page.
    Apps list theirs in `setup.py` as `steps(user) -> list[SetupStep]` (for the user's
    organisation; an app offers nothing to a user it does not concern)."""

    label: Any
    done: bool
    url: str
    order: int = 50
    help: Any = ""


def setup_steps(user) -> list[SetupStep]:
    steps: list[SetupStep] = []
    for module in _modules("setup"):
        steps.extend(module.steps(user))
    return sorted(steps, key=lambda step: step.order)
