"""A signed contract's later life: its fields edited, its end moved by an extension
option of the notice, its documents (versioned, never overwritten).

Each change is in the contract's history (pghistory, with who and why) and in the case
timeline. Who may do it is `procurements.manage_contract` (the views check it).
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as

from ..enums import EventKind
from ..models import Contract, ContractDocument, ContractExtension
from .cases import case_event

# The fields the contract page edits (suppliers, parties and joinings change through
# their own steps).
EDITABLE_FIELDS = (
    "title",
    "value_sek",
    "start_date",
    "end_date",
    "extension_options",
    "extended_until",
    "option_deadline",
)


def option_count(contract: Contract) -> int:
    """How many extension options the notice gives: "2 + 1 + 1 år" holds two (each
    "+ n" after the first term is one option); empty text, none."""
    terms = [t for t in re.split(r"\+", contract.extension_options or "") if t.strip()]
    return max(len(terms) - 1, 0)


def _date_errors(start, end, latest) -> dict:
    errors = {}
    if start and end and end < start:
        errors["end_date"] = _("The end cannot be before the start.")
    if latest and end and latest < end:
        errors["extended_until"] = _("The latest end with all extensions cannot be before the end.")
    return errors


def contract_update(*, contract: Contract, by, reason: str = "", **fields) -> Contract:
    """Edit the contract's own fields; the history records the old values and why."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    values = {name: getattr(contract, name) for name in EDITABLE_FIELDS} | fields
    errors = {}
    if not (values["title"] or "").strip():
        errors["title"] = _("Enter a title.")
    if values["value_sek"] is not None and values["value_sek"] < 0:
        errors["value_sek"] = _("The value cannot be negative.")
    errors |= _date_errors(values["start_date"], values["end_date"], values["extended_until"])
    if contract.extensions.exists() and fields.get("end_date", contract.end_date) != (
        contract.end_date
    ):
        errors["end_date"] = _("The end has been extended: it moves only by an extension.")
    if errors:
        raise ValidationError(errors)
    changed = [name for name in EDITABLE_FIELDS if getattr(contract, name) != values[name]]
    if not changed:
        return contract
    with transaction.atomic(), acting_as(by, reason=reason.strip() or "contract edited"):
        for name in changed:
            setattr(contract, name, values[name].strip() if name == "title" else values[name])
        contract.save(update_fields=[*changed, "updated_at"])
        case_event(
            case=contract.case,
            kind=EventKind.CONTRACT,
            summary=gettext_noop("Contract %(title)s edited"),
            detail=reason.strip(),
            data={"title": contract.title},
            actor=by,
        )
    return contract


def contract_extend(*, contract: Contract, by, new_end_date, reasons: str) -> ContractExtension:
    """Use the next extension option of the notice: the contract now ends on
    `new_end_date`. Refused beyond the options in the notice (their number and the
    latest end with all extensions), and unless the new end comes after the current one
    (also a database check)."""
    errors = {}
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the extension.")
    if contract.end_date is None:
        errors["new_end_date"] = _("The contract has no end date to extend.")
    elif new_end_date <= contract.end_date:
        errors["new_end_date"] = _("The new end must come after the current end (%(date)s).") % {
            "date": contract.end_date.isoformat()
        }
    elif contract.extended_until and new_end_date > contract.extended_until:
        errors["new_end_date"] = _(
            "The options in the notice allow an end on %(date)s at the latest."
        ) % {"date": contract.extended_until.isoformat()}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(by, reason="contract extended"):
            contract = Contract.objects.select_for_update().get(pk=contract.pk)
            used = contract.extensions.count()
            if used >= option_count(contract):
                raise ValidationError(
                    _("Every extension option in the notice has been used (%(count)s).")
                    % {"count": option_count(contract)}
                )
            extension = ContractExtension.objects.create(
                contract=contract,
                option_number=used + 1,
                previous_end_date=contract.end_date,
                new_end_date=new_end_date,
                reasons=reasons.strip(),
                registered_by=by,
            )
            contract.end_date = new_end_date
            contract.save(update_fields=["end_date", "updated_at"])
            case_event(
                case=contract.case,
                kind=EventKind.CONTRACT,
                summary=gettext_noop("Contract %(title)s extended to %(date)s (option %(number)s)"),
                detail=reasons.strip(),
                data={
                    "title": contract.title,
                    "date": new_end_date.isoformat(),
                    "number": extension.option_number,
                },
                actor=by,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This option has already been used.")) from exc
    return extension


def contract_document_upload(*, contract: Contract, by, file, title: str) -> ContractDocument:
    """Add a contract document, or a new version of one with the same title; the file is
    checked by `core.files.validate_upload` (type from its bytes, size limit)."""
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    try:
        content_type = validate_upload(file, allowed_types=DOCUMENT_TYPES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic(), acting_as(by, reason="contract document uploaded"):
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        number = (
            contract.documents.filter(title=title.strip()).aggregate(m=Max("number"))["m"] or 0
        ) + 1
        document = ContractDocument.objects.create(
            contract=contract,
            title=title.strip(),
            number=number,
            file=file,
            original_name=file.name[:255],
            content_type=content_type,
            size=file.size,
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )
        case_event(
            case=contract.case,
            kind=EventKind.DOCUMENT,
            summary=gettext_noop("Contract document %(title)s version %(number)s added"),
            data={"title": document.title, "number": number},
            actor=by,
        )
    return document
