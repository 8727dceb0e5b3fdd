"""Start a procurement case from a challenge in needs (procurements sits above needs, so
the arrow runs procurements → needs and never back)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import ProcurementCase
from .cases import procurement_create


def procurement_start_from_challenge(*, challenge, by, title: str = "") -> ProcurementCase:
    """Open a procurement case from a chosen challenge, linked both ways.

    The lead is the challenge's owner municipality; the participants are the
    municipalities that declared "we have this need too"; the challenge's needs come
    along. Who may do it is needs' rule `needs.start_procurement`.
    """
    if not by.has_perm("needs.start_procurement", challenge):
        raise PermissionDenied(_("You may not do that."))
    participants = [p.organization for p in challenge.participations.select_related("organization")]
    return procurement_create(
        created_by=by,
        title=(title or challenge.title).strip(),
        lead_organization=challenge.owner_organization,
        participating_organizations=participants,
        challenges=[challenge],
        needs=list(challenge.needs.all()),
    )
