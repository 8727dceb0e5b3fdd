"""Reads of bids: sealed bids reach nobody before the opening except their own supplier."""

from django.db.models import F, Lookup, Q, QuerySet

from .. import crypto
from ..enums import BidStatus, Stage
from ..models import Bid
from ..permissions import is_declared_evaluator
from .cases import published_tenders_for_supplier


def own_bids_for_supplier(user, *, tenders=None, withdrawn_after_opening=False) -> QuerySet[Bid]:
    """The supplier's own bids, found without the database naming whose bid is whose.

    Before the opening a bid names its supplier only inside its sealed content and in
    `supplier_token`, a keyed hash (HMAC) of tender and supplier that only the application
    key can compute: a database dump cannot tell whose bid it is, nor link two bids of one
    supplier. Finding its bids by token means computing the token for every tender it
    could have bid on, so the search is confined to where sealed bids can still be:

    - an opened tender: the opening wrote the supplier of every live bid in plain
      (`supplier`), so those are found by `supplier_id`, with an index and no hashing;
    - a tender not yet opened: only these can hold bids that name nobody. Leaving the
      tender stage needs the opening (or cancels the case, whose tenders suppliers no
      longer see), so they are among the published tenders of cases in the tender stage:
      tokens for those alone (an opened one waiting to move on costs a needless hash, not
      a wrong answer), a few hundred at national scale, not one per tender ever published.

    A bid withdrawn before an opening stays unnamed for good (a withdrawal is nobody's
    business). Those are found only with `withdrawn_after_opening=True`, which computes
    tokens over every published tender (one HMAC per tender): the supplier's full bid
    list asks for that, the portal home does not. With `tenders`, the search covers those
    tenders only, by token.
    """
    if not user or not user.is_authenticated or not user.is_supplier_user:
        return Bid.objects.none()
    supplier_id = user.organization_id
    if tenders is not None:
        found = _by_tokens([t.pk for t in tenders], supplier_id)
    else:
        searched = published_tenders_for_supplier(user).order_by()
        if not withdrawn_after_opening:
            searched = searched.filter(case__stage=Stage.TENDER)
        found = Q(supplier_id=supplier_id) | _by_tokens(
            searched.values_list("pk", flat=True), supplier_id
        )
        found &= ~Q(tender__case__stage=Stage.CANCELLED)  # as published_tenders_for_supplier
    return (
        Bid.objects.filter(found)
        .select_related("tender__case")
        .prefetch_related("files")
        .order_by("-submitted_at")
    )


class _AnyOf(Lookup):
    """`column = ANY(%s)` with one array parameter: a query text of constant length
    however many values (psycopg splits a long `IN (%s, %s, ...)` text for milliseconds)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _by_tokens(tender_ids, supplier_id) -> Q:
    """Bids whose token is the supplier's for one of `tender_ids`."""
    tokens = crypto.supplier_tokens(list(tender_ids), supplier_id)
    return Q(_AnyOf(F("supplier_token"), tokens))


def live_own_bid(user, tender) -> Bid | None:
    return own_bids_for_supplier(user, tenders=[tender]).filter(status=BidStatus.SUBMITTED).first()


def bids_for_case(user, case) -> QuerySet[Bid]:
    """Opened, live bids, for those of the case who declared no conflict of interest
    (evaluators and officers); nothing before the opening, for anyone, and never for the
    platform operator."""
    tender = getattr(case, "tender", None)
    if tender is None or not hasattr(tender, "opening"):
        return Bid.objects.none()
    if not is_declared_evaluator(user, case):
        return Bid.objects.none()
    return (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED, supplier__isnull=False)
        .select_related("supplier", "tender")
        .prefetch_related("files")
    )
