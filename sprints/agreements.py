"""A sprint framework agreement made from an awarded framework contract in procurements.

The officer who ran the procurement turns the signed framework contract into the terms a
call-off needs: the formats with their length, a price per supplier and format, the
ranking order (taken from the evaluation's ranking), the validity, the maximum value and
the cancellation terms. Every change is in the agreement's history.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.history import acting_as
from procurements.enums import ContractKind
from procurements.models import Contract
from procurements.selectors import contracts_for_user
from procurements.services.evaluation import evaluation_results

from .enums import FORMAT_LENGTH, SprintFormat
from .models import AgreementFormat, AgreementPrice, AgreementSupplier, FrameworkAgreement


def convertible_contracts(user) -> QuerySet[Contract]:
    """Framework contracts the user runs that have no sprint agreement yet."""
    qs = (
        contracts_for_user(user)
        .filter(kind=ContractKind.FRAMEWORK, sprint_agreement__isnull=True)
        .select_related("case", "case__lead_organization")
        .distinct()
    )
    return qs.filter(pk__in=[c.pk for c in qs if user.has_perm("procurements.manage_case", c.case)])


def ranking_from_evaluation(contract: Contract) -> list:
    """The contract's suppliers in the evaluation's ranking order; suppliers the evaluation
    did not rank (e.g. added later) follow by name."""
    suppliers = list(contract.suppliers.order_by("name"))
    tender = getattr(contract.case, "tender", None)
    order: dict[int, int] = {}
    if tender is not None:
        for result in evaluation_results(tender):
            if result.rank is not None and result.bid.supplier_id not in order:
                order[result.bid.supplier_id] = result.rank
    return sorted(suppliers, key=lambda s: (order.get(s.pk, 10_000), s.name))


def agreement_from_contract(
    *,
    contract: Contract,
    by,
    reference: str,
    max_value_sek: Decimal,
    title: str = "",
    notice_working_days: int = 10,
    late_cancellation_percent: int = 50,
    response_working_days: int = 2,
) -> FrameworkAgreement:
    """Make the sprint agreement of a framework contract: the signing municipalities may
    call off, the four formats with their usual length, the ranking from the evaluation.
    Prices follow on the terms page. Refused for anything but a signed framework contract."""
    if not by.has_perm("procurements.manage_case", contract.case):
        raise PermissionDenied(_("Only the procurement's officers may do this."))
    errors = {}
    if contract.kind != ContractKind.FRAMEWORK:
        errors["contract"] = [_("Only a framework agreement can be called off.")]
    if not contract.start_date or not contract.end_date:
        errors["contract"] = [_("Enter the contract's period first.")]
    if not reference.strip():
        errors["reference"] = [_("Enter a reference number.")]
    elif FrameworkAgreement.objects.filter(reference=reference.strip()).exists():
        errors["reference"] = [_("This reference number is used already.")]
    if max_value_sek is None or max_value_sek <= 0:
        errors["max_value_sek"] = [_("Enter the agreement's maximum value.")]
    if late_cancellation_percent > 100:
        errors["late_cancellation_percent"] = [_("At most 100 per cent.")]
    if errors:
        raise ValidationError(errors)
    municipalities = list(contract.signing_organizations.all())
    ranking = ranking_from_evaluation(contract)
    if not ranking:
        raise ValidationError({"contract": [_("The contract has no suppliers.")]})
    try:
        with transaction.atomic(), acting_as(by, reason="sprint agreement from contract"):
            agreement = FrameworkAgreement.objects.create(
                contract=contract,
                title=(title or contract.title).strip(),
                reference=reference.strip(),
                lead_organization=contract.case.lead_organization,
                start_date=contract.start_date,
                end_date=contract.end_date,
                max_value_sek=max_value_sek,
                notice_working_days=notice_working_days,
                late_cancellation_percent=late_cancellation_percent,
                response_working_days=response_working_days,
            )
            agreement.municipalities.set(municipalities)
            AgreementFormat.objects.bulk_create(
                AgreementFormat(agreement=agreement, format=f, days=d, sessions=s)
                for f, (d, s) in FORMAT_LENGTH.items()
            )
            AgreementSupplier.objects.bulk_create(
                AgreementSupplier(agreement=agreement, supplier=supplier, rank=rank)
                for rank, supplier in enumerate(ranking, start=1)
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"contract": [_("This contract has a sprint agreement already.")]}
        ) from exc
    return agreement


def agreement_terms_update(
    *,
    agreement: FrameworkAgreement,
    by,
    title: str,
    start_date: date,
    end_date: date,
    max_value_sek: Decimal,
    notice_working_days: int,
    late_cancellation_percent: int,
    response_working_days: int,
    formats: dict[str, tuple[int, int] | None],
    prices: dict[tuple[int, str], Decimal | None],
) -> FrameworkAgreement:
    """Edit the agreement's terms. `formats` maps a format to (days, sessions), or None to
    drop it; `prices` maps (supplier id, format) to a price, or None for "not offered"."""
    if not by.has_perm("sprints.manage_agreement", agreement):
        raise PermissionDenied(_("Only the procurement's officers may do this."))
    errors = {}
    if not title.strip():
        errors["title"] = [_("Enter a title.")]
    if end_date < start_date:
        errors["end_date"] = [_("The end cannot be before the start.")]
    if max_value_sek is None or max_value_sek <= 0:
        errors["max_value_sek"] = [_("Enter the agreement's maximum value.")]
    if late_cancellation_percent > 100:
        errors["late_cancellation_percent"] = [_("At most 100 per cent.")]
    for price in prices.values():
        if price is not None and price <= 0:
            errors["__all__"] = [_("A price is more than zero, or left empty.")]
    if not any(formats.values()):
        errors["__all__"] = [_("Keep at least one format.")]
    if errors:
        raise ValidationError(errors)
    supplier_ids = set(agreement.ranking.values_list("supplier_id", flat=True))
    with transaction.atomic(), acting_as(by, reason="sprint agreement terms"):
        agreement = FrameworkAgreement.objects.select_for_update().get(pk=agreement.pk)
        agreement.title = title.strip()
        agreement.start_date, agreement.end_date = start_date, end_date
        agreement.max_value_sek = max_value_sek
        agreement.notice_working_days = notice_working_days
        agreement.late_cancellation_percent = late_cancellation_percent
        agreement.response_working_days = response_working_days
        agreement.save()
        for sprint_format in SprintFormat:
            length = formats.get(sprint_format.value)
            if length is None:
                agreement.formats.filter(format=sprint_format).delete()
                continue
            AgreementFormat.objects.update_or_create(
                agreement=agreement,
                format=sprint_format,
                defaults={"days": length[0], "sessions": length[1]},
            )
        for (supplier_id, sprint_format), price in prices.items():
            if supplier_id not in supplier_ids:
                continue  # a forged field for a supplier not on the agreement
            if price is None or formats.get(sprint_format) is None:
                AgreementPrice.objects.filter(
                    agreement=agreement, supplier_id=supplier_id, format=sprint_format
                ).delete()
            else:
                AgreementPrice.objects.update_or_create(
                    agreement=agreement,
                    supplier_id=supplier_id,
                    format=sprint_format,
                    defaults={"price_sek": price},
                )
    return agreement
