from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.files import serve_file
from organizations.models import Organization

from .. import services
from ..forms import (
    ContractDocumentForm,
    ContractEditForm,
    ContractExtendForm,
    ContractForm,
    IndicatorForm,
    JoinForm,
    MeasurementForm,
    MeetingForm,
    PhaseDecideForm,
)
from ..models import ContractPhase, EffectIndicator
from ..selectors import (
    bids_for_case,
    contract_documents_for_user,
    contracts_for_user,
    procurements_for_user,
)
from ..services.contract_changes import option_count
from .common import form_page, get_case


@login_required
def contract_create(request, pk):
    case = get_case(request, pk)
    award = getattr(case, "award", None)
    if award is not None:
        suppliers = Organization.objects.filter(
            pk__in=bids_for_case(request.user, case).values("supplier")
        )
    else:
        from organizations.enums import OrganizationKind

        suppliers = Organization.objects.filter(kind=OrganizationKind.SUPPLIER, is_active=True)
    form = ContractForm(request.POST or None, case=case, user=request.user, suppliers=suppliers)

    def handler(data):
        data = dict(data)
        return services.contract_create(case=case, by=request.user, **data)

    return form_page(
        request,
        case=case,
        form=form,
        title=_("Register a signed contract"),
        handler=handler,
        success_url=lambda contract: contract.get_absolute_url(),
        success_message=_("The contract was registered."),
    )


@login_required
@require_GET
def contract_detail(request, pk):
    contract = get_object_or_404(
        contracts_for_user(request.user).prefetch_related(
            "suppliers",
            "signing_organizations",
            "option_organizations",
            Prefetch("phases", ContractPhase.objects.select_related("decided_by")),
            "joinings__organization",
            "extensions",
        ),
        pk=pk,
    )
    case = contract.case
    user = request.user
    return render(
        request,
        "procurements/contract_detail.html",
        {
            "contract": contract,
            "case": case,
            "can_manage": user.has_perm("procurements.manage_contract", contract),
            "can_decide": user.has_perm("procurements.decide_phase", contract),
            "extensions": contract.extensions.select_related("registered_by"),
            "documents": contract_documents_for_user(user).filter(contract=contract),
            "options_left": option_count(contract) - len(contract.extensions.all()),
        },
    )


def _managed_contract(request, pk):
    """The contract through the user's selector (404 for outsiders), then the
    permission to manage it (403)."""
    contract = get_object_or_404(contracts_for_user(request.user), pk=pk)
    if not request.user.has_perm("procurements.manage_contract", contract):
        raise PermissionDenied
    return contract


@login_required
def contract_edit(request, pk):
    contract = _managed_contract(request, pk)
    form = ContractEditForm(request.POST or None, contract=contract)
    return form_page(
        request,
        case=contract.case,
        form=form,
        title=_("Edit the contract"),
        intro=_("The change history keeps the earlier values and your reason."),
        handler=lambda d: services.contract_update(contract=contract, by=request.user, **d),
        success_url=contract.get_absolute_url(),
        success_message=_("The contract was saved."),
        back_url=contract.get_absolute_url(),
    )


@login_required
def contract_extend(request, pk):
    contract = _managed_contract(request, pk)
    form = ContractExtendForm(request.POST or None)
    return form_page(
        request,
        case=contract.case,
        form=form,
        title=_("Extend the contract by an option"),
        intro=_(
            "Options in the notice: %(options)s. The contract can run until %(latest)s at "
            "the latest."
        )
        % {
            "options": contract.extension_options or "–",
            "latest": contract.extended_until.isoformat() if contract.extended_until else "–",
        },
        handler=lambda d: services.contract_extend(contract=contract, by=request.user, **d),
        success_url=contract.get_absolute_url(),
        success_message=_("The contract was extended."),
        back_url=contract.get_absolute_url(),
    )


@login_required
def contract_document_upload(request, pk):
    contract = _managed_contract(request, pk)
    form = ContractDocumentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        case=contract.case,
        form=form,
        title=_("Add a contract document"),
        handler=lambda d: services.contract_document_upload(
            contract=contract, by=request.user, **d
        ),
        success_url=contract.get_absolute_url() + "#documents",
        success_message=_("The document was added."),
        multipart=True,
        back_url=contract.get_absolute_url(),
    )


@login_required
@require_GET
def contract_document_download(request, pk):
    """Always as an attachment, and only to those who may see the contract."""
    document = get_object_or_404(contract_documents_for_user(request.user), pk=pk)
    return serve_file(document.file, download_name=document.original_name)


@login_required
def contract_join(request, pk):
    contract = _managed_contract(request, pk)
    form = JoinForm(request.POST or None, contract=contract, user=request.user)
    return form_page(
        request,
        case=contract.case,
        form=form,
        title=_("A municipality joins the contract"),
        handler=lambda d: services.contract_join(
            contract=contract, organization=d["organization"], by=request.user
        ),
        success_url=contract.get_absolute_url(),
        success_message=_("The municipality joined the contract."),
        back_url=contract.get_absolute_url(),
    )


@login_required
def phase_decide(request, pk):
    """The partnership's go/no-go: only the holder of the delegation the case names."""
    phase = get_object_or_404(
        ContractPhase.objects.select_related(
            "contract__case__decision_delegation__holder", "decided_by"
        ),
        pk=pk,
        contract__in=contracts_for_user(request.user),
    )
    contract = phase.contract
    if not request.user.has_perm("procurements.decide_phase", contract):
        raise PermissionDenied
    form = PhaseDecideForm(request.POST or None)
    return form_page(
        request,
        case=contract.case,
        form=form,
        title=_("Go/no-go decision: %(phase)s") % {"phase": phase.name},
        intro=_(
            "A no go ends the contract's later phases. The decision is recorded in your "
            "name, with today's date, in the history and the case timeline."
        ),
        handler=lambda d: services.contract_phase_decide(phase=phase, by=request.user, **d),
        success_url=contract.get_absolute_url(),
        success_message=_("The decision was recorded."),
        back_url=contract.get_absolute_url(),
    )


@login_required
def indicator_create(request, pk):
    case = get_case(request, pk)
    form = IndicatorForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Add an effect indicator"),
        handler=lambda d: services.effect_indicator_create(case=case, by=request.user, **d),
        success_url=case.get_absolute_url() + "#follow-up",
        success_message=_("The indicator was added."),
    )


@login_required
def measurement_create(request, pk):
    indicator = get_object_or_404(
        EffectIndicator.objects.select_related("case"),
        pk=pk,
        case__in=procurements_for_user(request.user),
    )
    case = indicator.case
    if not request.user.has_perm("procurements.manage_case", case):
        raise PermissionDenied
    form = MeasurementForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Record a measured value: %(name)s") % {"name": indicator.name},
        handler=lambda d: services.effect_measurement_record(
            indicator=indicator, by=request.user, **d
        ),
        success_url=case.get_absolute_url() + "#follow-up",
        success_message=_("The value was recorded."),
    )


@login_required
def meeting_create(request, pk):
    case = get_case(request, pk)
    form = MeetingForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        title=_("Record a follow-up meeting"),
        handler=lambda d: services.follow_up_meeting_record(case=case, by=request.user, **d),
        success_url=case.get_absolute_url() + "#follow-up",
        success_message=_("The meeting was recorded."),
    )
