from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.models import Organization

from .. import services
from ..forms import (
    ContractForm,
    IndicatorForm,
    JoinForm,
    MeasurementForm,
    MeetingForm,
    PhaseDecideForm,
)
from ..models import ContractPhase, EffectIndicator
from ..selectors import bids_for_case, contracts_for_user, procurements_for_user
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
            "phases",
            "joinings__organization",
        ),
        pk=pk,
    )
    case = contract.case
    can_manage = request.user.has_perm("procurements.manage_case", case)
    return render(
        request,
        "procurements/contract_detail.html",
        {"contract": contract, "case": case, "can_manage": can_manage},
    )


@login_required
def contract_join(request, pk):
    contract = get_object_or_404(contracts_for_user(request.user), pk=pk)
    if not request.user.has_perm("procurements.manage_case", contract.case):
        raise PermissionDenied
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
    phase = get_object_or_404(
        ContractPhase.objects.select_related("contract__case"),
        pk=pk,
        contract__in=contracts_for_user(request.user),
    )
    if not request.user.has_perm("procurements.manage_case", phase.contract.case):
        raise PermissionDenied
    form = PhaseDecideForm(request.POST or None)
    return form_page(
        request,
        case=phase.contract.case,
        form=form,
        title=_("Go/no-go decision: %(phase)s") % {"phase": phase.name},
        handler=lambda d: services.contract_phase_decide(phase=phase, by=request.user, **d),
        success_url=phase.contract.get_absolute_url(),
        success_message=_("The decision was recorded."),
        back_url=phase.contract.get_absolute_url(),
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
