"""Every report kind, built from the demo data, is a tagged PDF: a structure tree
(`/StructTreeRoot`), its language (`/Lang`), title and creation date in the metadata;
PDF/A with an output intent for the case, individual and portfolio reports; no page
that is almost empty; no trailing comma in the list of participants."""

import importlib
import io
import re

import pytest
from pypdf import PdfReader

from core.pdf import render_pdf
from core.registry import report_kinds
from organizations.models import Network, Organization, User
from procurements.models import ProcurementCase
from projects.models import Project
from sprints.models import FrameworkAgreement

PDF_A = {"procurement_case", "procurement_individual", "reports.network_portfolio"}


@pytest.fixture
def demo(db):
    apps = ("organizations", "needs", "procurements", "dialogue", "sharing", "sprints", "projects")
    for app in apps:
        importlib.import_module(f"{app}.demo").seed()


def _form_data(key: str) -> dict:
    case = ProcurementCase.objects.get(
        title="Digital tjänst för delning av resurser mellan kommuner"
    )
    return {
        "procurement_case": {"case": case.pk},
        "procurement_individual": {"case": case.pk},
        "sprints.sprint_report": {"agreement": FrameworkAgreement.objects.first().pk},
        "sharing_impact": {"municipality": "", "months": 12},
        "projects.close_out": {
            "project": Project.objects.get(title="Innovationsupphandling Syd").pk
        },
        "reports.network_portfolio": {
            "network": Network.objects.get(slug="innovationsupphandling-syd").pk
        },
    }[key]


def _build(key, kind, user, language):
    form = kind.form_class(_form_data(key), user=user)
    assert form.is_valid(), (key, form.errors)
    context = kind.build_context(form.to_params(), user, lambda *a: None)
    context.setdefault("title", str(kind.title))
    return render_pdf(kind.template, context, language=language, pdf_variant=kind.pdf_variant)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_report_kind_is_a_tagged_pdf_with_language_and_metadata(demo, language):
    user = User.objects.get(email="coordinator@ystad.example")
    kinds = report_kinds()
    assert set(kinds) >= PDF_A | {"sprints.sprint_report", "sharing_impact"}
    for key, kind in kinds.items():
        reader = PdfReader(io.BytesIO(_build(key, kind, user, language)))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, key
        assert str(root["/Lang"]).startswith(language), key
        assert root["/MarkInfo"]["/Marked"], key
        info = reader.metadata
        assert info.get("/CreationDate"), key
        assert info.get("/Title"), key
        if key in PDF_A:
            assert "/OutputIntents" in root, key
            assert b"pdfaid" in root["/Metadata"].get_object().get_data(), key
        texts = [page.extract_text() or "" for page in reader.pages]
        # No almost empty page: every page but the last carries real content.
        for number, text in enumerate(texts[:-1], start=1):
            assert len(text.strip()) > 150, (key, number, text[:80])


def test_individual_report_lists_the_partners_without_a_trailing_comma(demo):
    user = User.objects.get(email="officer@ystad.example")
    kind = report_kinds()["procurement_individual"]
    reader = PdfReader(io.BytesIO(_build("procurement_individual", kind, user, "sv")))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    match = re.search(r"tillsammans med ([^)]*)\)", text)
    assert match, text[:500]
    partners = match.group(1)
    assert not partners.rstrip().endswith(","), partners
    ystad = Organization.objects.get(slug="ystad").name
    assert ystad not in partners
