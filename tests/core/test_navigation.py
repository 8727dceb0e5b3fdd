"""The top menu: each app's entries grouped into drop-downs, the current section marked."""

from django.urls import reverse

from core.registry import NavItem, navigation_menu


def _row(user, path):
    row, account = navigation_menu(user, path)
    return [(e.label, [c.label for c in e.children]) for e in row], account


def test_menu_groups_procurement_and_sharing_for_a_coordinator(coordinator):
    row, account = _row(coordinator, "/")
    assert row == [
        ("Behov", []),
        ("Upphandling", ["Marknadsdialog", "Upphandlingar"]),
        ("Delning", ["Annonser", "Bokningar", "Internfakturor", "Klimatnytta"]),
        ("Designsprintar", []),
        ("Samverkan", ["Projekt", "Arena"]),
        ("Rapporter", []),
    ]
    assert [c.label for c in account.children] == ["Din profil", "Nätverk", "Sprintlokaler"]


def test_menu_marks_the_current_section_by_the_longest_address(officer):
    row, _account = navigation_menu(officer, reverse("sharing:booking-list"))
    sharing = next(e for e in row if e.key == "sharing")
    assert sharing.current
    assert [c.label for c in sharing.children if c.current] == ["Bokningar"]
    assert not any(e.current for e in row if e is not sharing)
    row, _account = navigation_menu(officer, "/procurements/12/")
    assert [e.key for e in row if e.current] == ["procurement"]


def test_menu_entry_without_a_known_group_is_on_the_top_row(officer, monkeypatch):
    from core import registry

    extra = NavItem("Extra", "/extra/", 70, "extra", "no-such-group")
    real = registry.navigation_items
    monkeypatch.setattr(registry, "navigation_items", lambda user: [*real(user), extra])
    row, _account = navigation_menu(officer, "/extra/1/")
    assert ("Extra", "/extra/", True) in [(e.label, e.url, e.current) for e in row]


def test_page_shows_dropdowns_and_aria_current(client, officer):
    client.force_login(officer)
    page = client.get(reverse("sharing:impact")).content.decode()
    header = page.split("</header>")[0]
    assert 'data-bs-toggle="dropdown" aria-expanded="false" aria-current="true">Delning' in header
    assert 'aria-current="page">Klimatnytta</a>' in header
    assert header.count("aria-current=") == 2
