from django.urls import path

from .views import (
    cases,
    contracts,
    decisions,
    evaluation,
    from_needs,
    negotiation,
    opening,
    selection,
    supplier,
    tender,
)

app_name = "procurements"
urlpatterns = [
    path("", cases.case_list, name="case-list"),
    path("export.csv", cases.case_list_csv, name="case-list-csv"),
    path("new/", cases.case_create, name="case-create"),
    path("from-challenge/<int:pk>/", from_needs.case_from_challenge, name="case-from-challenge"),
    path("<int:pk>/", cases.case_detail, name="case-detail"),
    path("<int:pk>/edit/", cases.case_edit, name="case-edit"),
    path("<int:pk>/move/", cases.case_transition, name="case-transition"),
    path("<int:pk>/timeline/", cases.case_timeline, name="case-timeline"),
    path("<int:pk>/individual-report/", cases.individual_report, name="case-individual-report"),
    path("<int:pk>/tender/", tender.tender_edit, name="tender-edit"),
    path("<int:pk>/tender/criteria/", tender.criterion_add, name="criterion-add"),
    path("<int:pk>/tender/criteria/vaxjo/", tender.criteria_vaxjo, name="criteria-vaxjo"),
    path("criteria/<int:pk>/delete/", tender.criterion_delete, name="criterion-delete"),
    path("<int:pk>/tender/requirements/", tender.requirement_add, name="requirement-add"),
    path("<int:pk>/tender/requirements/list/", tender.requirement_list, name="requirement-list"),
    path("requirements/<int:pk>/delete/", tender.requirement_delete, name="requirement-delete"),
    path("<int:pk>/tender/documents/", tender.document_upload, name="document-upload"),
    path("documents/<int:pk>/", tender.document_download, name="document-download"),
    path("questions/<int:pk>/answer/", tender.question_answer, name="question-answer"),
    path("<int:pk>/tender/extend/", tender.tender_extend, name="tender-extend"),
    path("<int:pk>/bids/open/", opening.bids_open, name="bids-open"),
    path("<int:pk>/requests/", selection.selection, name="selection"),
    path("<int:pk>/requests/open/", selection.requests_open, name="requests-open"),
    path("tenders/<int:pk>/request/", selection.request_submit, name="request-submit"),
    path("<int:pk>/rounds/", negotiation.round_list, name="round-list"),
    path("<int:pk>/rounds/new/", negotiation.round_create, name="round-create"),
    path("rounds/<int:pk>/", negotiation.round_detail, name="round-detail"),
    path("rounds/<int:pk>/open/", negotiation.round_open, name="round-open"),
    path("my-rounds/<int:pk>/", negotiation.supplier_round, name="supplier-round"),
    path("<int:pk>/evaluators/", evaluation.evaluator_add, name="evaluator-add"),
    path("<int:pk>/declare/", evaluation.evaluator_declare, name="evaluator-declare"),
    path(
        "<int:pk>/evaluation/complete/", evaluation.evaluation_complete, name="evaluation-complete"
    ),
    # Bids and their files are addressed by a random UUID, never the sequential id.
    path("bids/<uuid:public_id>/", evaluation.bid_detail, name="bid-detail"),
    path("bid-files/<uuid:public_id>/", evaluation.bid_file_download, name="bid-file"),
    path("<int:pk>/award/", decisions.award_create, name="award-create"),
    path("<int:pk>/decision-maker/", decisions.delegation_set, name="delegation-set"),
    path("delegations/", decisions.delegation_list, name="delegation-list"),
    path("<int:pk>/cancellation/", decisions.cancellation_propose, name="cancellation-propose"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("<int:pk>/reviews/new/", evaluation.review_create, name="review-create"),
    path("reviews/<int:pk>/decide/", evaluation.review_decide, name="review-decide"),
    path("<int:pk>/contracts/new/", contracts.contract_create, name="contract-create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/join/", contracts.contract_join, name="contract-join"),
    path("contracts/<int:pk>/edit/", contracts.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/extend/", contracts.contract_extend, name="contract-extend"),
    path(
        "contracts/<int:pk>/documents/",
        contracts.contract_document_upload,
        name="contract-document-upload",
    ),
    path(
        "contract-documents/<int:pk>/",
        contracts.contract_document_download,
        name="contract-document",
    ),
    path("phases/<int:pk>/decide/", contracts.phase_decide, name="phase-decide"),
    path("<int:pk>/indicators/new/", contracts.indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/measure/", contracts.measurement_create, name="measurement-create"),
    path("<int:pk>/meetings/new/", contracts.meeting_create, name="meeting-create"),
    path("tenders/", supplier.tender_list, name="tender-list"),
    path("tenders/<int:pk>/", supplier.tender_detail, name="tender-detail"),
    path("tenders/<int:pk>/bid/", supplier.bid_submit, name="bid-submit"),
    path("my-bids/", supplier.bid_list, name="bid-list"),
    path("my-bids/<uuid:public_id>/withdraw/", supplier.bid_withdraw, name="bid-withdraw"),
]

# Open data (OCDS), public without login: procurements/ocds/.
from .ocds.urls import urlpatterns as ocds_urlpatterns  # noqa: E402

urlpatterns += ocds_urlpatterns
