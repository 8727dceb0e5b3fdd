"""Every export opened as a spreadsheet would: the CSV as Excel reads it (BOM, ``;``,
``="0764"`` is the text 0764) and the XLSX with openpyxl; codes keep their leading zeros,
categories read as their plain name."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from core.csv import XLSX_TYPE, Code, safe_cell, xlsx_bytes
from organizations.models import Organization

EXPORTS = (
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
)


def excel_value(cell: str) -> str:
    """What Excel shows for a CSV cell: ``="…"`` is a text literal, ``'…`` a guarded text."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1]
    return cell


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return [
        [excel_value(c) for c in row] for row in csv.reader(io.StringIO(text[1:]), delimiter=";")
    ]


def read_xlsx(response) -> list[list]:
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_code_cells_are_text_in_both_formats():
    assert safe_cell(Code("0764")) == '="0764"'
    assert safe_cell(Code("=cmd")) == "'=cmd"  # not a code: guarded like any text
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["Kod"], [[Code("0764")], ["=1+1"]])))
    sheet = book.active
    assert sheet["A2"].value == "0764" and sheet["A2"].data_type == "s"
    assert sheet["A2"].number_format == "@"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"  # text, not a formula


@pytest.fixture
def demo(db):
    from organizations import demo as organizations_demo
    from sharing import demo as sharing_demo

    organizations_demo.seed()
    sharing_demo.seed()


def test_every_export_opens_as_csv_and_as_xlsx_with_the_same_rows(client, demo):
    user = Organization.objects.get(slug="ystad").users.get(email="coordinator@ystad.example")
    client.force_login(user)
    for name in EXPORTS:
        url = reverse(name)
        csv_rows = read_csv(client.get(url))
        xlsx_rows, _sheet = read_xlsx(client.get(url, {"format": "xlsx"}))
        assert [str(h) for h in xlsx_rows[0]] == csv_rows[0], name
        assert len(xlsx_rows) == len(csv_rows), name


def test_municipality_codes_keep_their_leading_zero(client, demo):
    user = Organization.objects.get(slug="ystad").users.get(email="coordinator@ystad.example")
    client.force_login(user)
    url = reverse("organizations:organization-list-csv")
    expected = {
        o.name: o.municipality_code
        for o in Organization.objects.filter(municipality_code__startswith="0")
    }
    assert expected
    rows = read_csv(client.get(url, {"kind": "municipality"}))
    column = rows[0].index("Kommunkod")
    found = {row[0]: row[column] for row in rows[1:]}
    for org_name, code in expected.items():
        if org_name in found:
            assert found[org_name] == code
    assert any(value.startswith("0") for value in found.values())

    xlsx_rows, _sheet = read_xlsx(client.get(url, {"kind": "municipality", "format": "xlsx"}))
    codes = [row[column] for row in xlsx_rows[1:]]
    assert any(isinstance(c, str) and c.startswith("0") and len(c) == 4 for c in codes)
    assert all(c is None or isinstance(c, str) for c in codes)


def test_listing_categories_read_as_plain_names(client, demo):
    user = Organization.objects.get(slug="ystad").users.get(email="staff@ystad.example")
    client.force_login(user)
    rows = read_csv(client.get(reverse("sharing:listing-list-csv")))
    column = rows[0].index("Kategori")
    categories = [row[column] for row in rows[1:]]
    assert categories and not any(c.startswith("—") for c in categories)
    xlsx_rows, _sheet = read_xlsx(
        client.get(reverse("sharing:listing-list-csv"), {"format": "xlsx"})
    )
    assert [row[column] for row in xlsx_rows[1:]] == categories
