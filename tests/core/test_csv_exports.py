"""core.csv and the "Export CSV" of every list page: BOM, ;, Swedish letters, formula
guard, the page's scoping and filters."""

import csv
import io

import pytest
from django.urls import reverse

from core.csv import csv_filename, csv_lines, safe_cell
from needs.enums import NeedStatus
from notifications.services import notify
from procurements.enums import Stage
from tests.factories.needs import NeedFactory
from tests.factories.procurements import make_case


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+46 411 57 70 00", "'+46 411 57 70 00"),
        ("-1+1", "'-1+1"),
        ("@cmd", "'@cmd"),
        ("Överförmyndare på Åland", "Överförmyndare på Åland"),
        (None, ""),
        (-5, "-5"),
    ],
)
def test_safe_cell_guards_formulas_and_keeps_text(value, expected):
    assert safe_cell(value) == expected


def test_csv_lines_bom_separator_and_filename():
    text = "".join(csv_lines(["Namn", "Värde"], [["Åsa; Örn", "=1"]]))
    assert text == '\ufeffNamn;Värde\r\n"Åsa; Örn";\'=1\r\n'
    assert csv_filename("Behov i nätverket").startswith("behov-i-natverket-20")


def test_every_list_export_answers_with_a_bom(client, officer, supplier_user):
    client.force_login(officer)
    for name in (
        "procurements:case-list-csv",
        "needs:need-list-csv",
        "needs:challenge-list-csv",
        "sharing:listing-list-csv",
        "sharing:booking-list-csv",
        "dialogue:rfi-list-csv",
        "dialogue:activity-list-csv",
        "sprints:calloff-list-csv",
        "reports:report-list-csv",
        "notifications:list-csv",
        "organizations:organization-list-csv",
    ):
        rows = _rows(client.get(reverse(name)))
        assert rows and rows[0], name
    client.force_login(supplier_user)
    assert _rows(client.get(reverse("dialogue:rfi-list-csv")))


def test_case_export_is_scoped_and_filtered(client, officer, outsider):
    ours = make_case(officer, title="Smarta möbler för äldreboende")
    make_case(officer, title="Annan sak")
    make_case(outsider, title="Växjös hemliga ärende")
    ours.refresh_from_db()
    client.force_login(officer)
    rows = _rows(client.get(reverse("procurements:case-list-csv")))
    titles = {r[1] for r in rows[1:]}
    assert titles == {"Smarta möbler för äldreboende", "Annan sak"}
    rows = _rows(client.get(reverse("procurements:case-list-csv"), {"q": "äldreboende"}))
    assert [r[1] for r in rows[1:]] == ["Smarta möbler för äldreboende"]
    rows = _rows(client.get(reverse("procurements:case-list-csv"), {"stage": Stage.TENDER}))
    assert rows[1:] == []
    page = client.get(reverse("procurements:case-list"), {"q": "äldreboende"}).content.decode()
    assert "export.csv?q=%C3%A4ldreboende" in page


def test_need_export_scoping_filters_letters_and_formula_guard(client, staff, neighbour, outsider):
    NeedFactory(author=staff, title='=HYPERLINK("http://x")', status=NeedStatus.SUBMITTED)
    NeedFactory(author=neighbour, title="Blöta golv i förskolan")
    NeedFactory(author=neighbour, title="Utkast hos grannen", status=NeedStatus.DRAFT,
                submitted_at=None)  # fmt: skip
    NeedFactory(author=outsider, title="Växjös behov")
    client.force_login(staff)
    rows = _rows(client.get(reverse("needs:need-list-csv")))
    titles = {r[0] for r in rows[1:]}
    assert titles == {'\'=HYPERLINK("http://x")', "Blöta golv i förskolan"}
    rows = _rows(
        client.get(reverse("needs:need-list-csv"), {"organization": neighbour.organization_id})
    )
    assert [r[0] for r in rows[1:]] == ["Blöta golv i förskolan"]


def test_notification_export_holds_only_own_notices_and_marks_nothing_read(
    client, staff, neighbour
):
    notify(recipient=staff, event="core.test", title="Påminnelse om återlämning")
    notify(recipient=neighbour, event="core.test", title="Grannens notis")
    client.force_login(staff)
    rows = _rows(client.get(reverse("notifications:list-csv")))
    assert [r[1] for r in rows[1:]] == ["Påminnelse om återlämning"]
    assert staff.notifications.filter(read_at__isnull=True).count() == 1


def test_organisation_export_applies_the_kind_filter(client, staff, supplier_org):
    client.force_login(staff)
    rows = _rows(client.get(reverse("organizations:organization-list-csv"), {"kind": "supplier"}))
    assert rows[1:] and all(r[1] == rows[1][1] for r in rows[1:])
    assert supplier_org.name in {r[0] for r in rows[1:]}


def test_case_export_queries_do_not_grow_with_rows(client, officer, django_assert_max_num_queries):
    for i in range(5):
        make_case(officer, title=f"Ärende {i}")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        _rows(client.get(reverse("procurements:case-list-csv")))
