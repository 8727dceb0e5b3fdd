"""Reads for the market dialogue, always scoped to the user.

Municipal users see the dialogue of the cases and challenges they may see
(`visible_cases`, `visible_challenges`). Suppliers see only what is addressed to their
own organisation: RFIs they are invited to (or open ones), their own answers, published
questions and answers (never who asked), activities they take part in, and their own
consultation comments.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from core import history
from needs.models import Challenge
from organizations.enums import OrganizationKind
from organizations.models import Organization, User
from procurements.models import ProcurementCase

from .enums import ResponseState, RfiState
from .models import (
    ActivityFile,
    Clarification,
    ConsultationComment,
    DialogueActivity,
    Rfi,
    RfiAnswer,
    RfiInvitation,
    RfiResponse,
    SupplierMessage,
    SupplierProfile,
)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


# --- The anchors ---------------------------------------------------------------------
# Dialogue belongs to a case or a challenge; who may see those is their apps' rule.


def visible_cases(user) -> QuerySet[ProcurementCase]:
    """Cases the user may see: the procurements app's one rule."""
    from procurements.selectors import procurements_for_user

    return procurements_for_user(user)


def visible_challenges(user) -> QuerySet[Challenge]:
    """Challenges the user may see: the needs app's one rule."""
    from needs.selectors import challenges_for_user

    return challenges_for_user(user)


def _anchor_q(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}case__in": visible_cases(user).values("pk")}) | Q(
        **{f"{prefix}challenge__in": visible_challenges(user).values("pk")}
    )


def _is_supplier(user) -> bool:
    return _authenticated(user) and user.is_supplier_user


# --- Suppliers and profiles ----------------------------------------------------------


def suppliers_for_user(user) -> QuerySet[Organization]:
    """Supplier companies a municipal user may invite or name as participants."""
    qs = Organization.objects.filter(kind=OrganizationKind.SUPPLIER, is_active=True)
    if not _authenticated(user) or not (user.is_municipal or user.is_platform_admin):
        return qs.none()
    return qs.order_by("name")


def supplier_people_for_user(user) -> QuerySet[User]:
    qs = User.objects.filter(
        organization__kind=OrganizationKind.SUPPLIER, is_active=True
    ).select_related("organization")
    if not _authenticated(user) or not (user.is_municipal or user.is_platform_admin):
        return qs.none()
    return qs.order_by("organization__name", "full_name")


def colleagues_for_user(user) -> QuerySet[User]:
    """Internal people a municipal user may name as participants: the network's staff."""
    qs = User.objects.filter(is_active=True).select_related("organization")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin:
        return qs.filter(organization__kind=OrganizationKind.MUNICIPALITY)
    if not user.is_municipal:
        return qs.none()
    return qs.filter(organization_id__in=user.network_organization_ids).order_by("full_name")


def profiles_for_user(user) -> QuerySet[SupplierProfile]:
    qs = SupplierProfile.objects.select_related("organization")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin or user.is_municipal:
        return qs
    return qs.filter(organization_id=user.organization_id)


def suppliers_matching_cpv(codes) -> QuerySet[Organization]:
    """Suppliers whose areas share a CPV group (first three digits) with `codes`.

    A code ending in zeros names a broader area: 39000000 (division) matches every
    supplier in division 39, 39100000 (group) every supplier in group 391.
    """
    prefixes = {cpv_prefix(getattr(code, "code", code)) for code in codes}
    if not prefixes:
        return Organization.objects.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(supplier_profile__cpv_codes__code__startswith=prefix)
    # A supplier whose own area is broader (a whole division) matches too.
    for prefix in prefixes:
        condition |= Q(supplier_profile__cpv_codes__code__startswith=prefix[:2] + "000000")
    ids = Organization.objects.filter(condition).values("pk")
    return Organization.objects.filter(
        pk__in=ids, kind=OrganizationKind.SUPPLIER, is_active=True
    ).order_by("name")


def cpv_prefix(code: str) -> str:
    """The meaningful start of a CPV code: the digits before the trailing zeros, at
    least the division (two digits), at most the group (three)."""
    digits = code.split("-")[0]
    stripped = digits.rstrip("0")
    return digits[: max(2, min(3, len(stripped)))]


# --- RFIs ----------------------------------------------------------------------------


def rfis_for_user(user) -> QuerySet[Rfi]:
    """Municipal: RFIs of visible cases/challenges (drafts included). Supplier: published
    RFIs it is invited to, or open to all registered suppliers."""
    qs = Rfi.objects.select_related("case", "challenge", "created_by")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(_anchor_q(user))
    if _is_supplier(user):
        invited = RfiInvitation.objects.filter(rfi=OuterRef("pk"), supplier_id=user.organization_id)
        return qs.filter(state=RfiState.PUBLISHED).filter(
            Exists(invited) | Q(invitation_mode="open")
        )
    return qs.none()


def rfis_with_counts(user) -> QuerySet[Rfi]:
    return rfis_for_user(user).annotate(
        submitted_count=Count(
            "responses", filter=Q(responses__state=ResponseState.SUBMITTED), distinct=True
        ),
        invitation_count=Count("invitations", distinct=True),
    )


def rfi_list_for_supplier(user) -> QuerySet[Rfi]:
    """The supplier's RFIs with its own response (if any) attached as `my_response`."""
    own = RfiResponse.objects.filter(supplier_id=user.organization_id)
    return rfis_for_user(user).prefetch_related(
        Prefetch("responses", queryset=own, to_attr="my_responses")
    )


def responses_for_user(user) -> QuerySet[RfiResponse]:
    """Municipal: submitted answers to RFIs they may see. Supplier: its own (drafts too)."""
    qs = RfiResponse.objects.select_related("rfi", "supplier", "submitted_by")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin:
        return qs.filter(state=ResponseState.SUBMITTED)
    if user.is_municipal:
        return qs.filter(state=ResponseState.SUBMITTED, rfi__in=rfis_for_user(user).values("pk"))
    if _is_supplier(user):
        return qs.filter(supplier_id=user.organization_id)
    return qs.none()


def answers_for_user(user) -> QuerySet[RfiAnswer]:
    return RfiAnswer.objects.select_related(
        "question", "response__rfi", "response__supplier"
    ).filter(response__in=responses_for_user(user).values("pk"))


def rfi_comparison(rfi: Rfi, user) -> tuple[list, list, dict]:
    """Questions, submitted responses and {(question_id, response_id): answer}, in three
    queries, for the side-by-side view and the export."""
    questions = list(rfi.questions.all())
    responses = list(
        responses_for_user(user)
        .filter(rfi=rfi, state=ResponseState.SUBMITTED)
        .order_by("supplier__name")
    )
    answers = RfiAnswer.objects.filter(response__in=[r.pk for r in responses]).select_related(
        "question"
    )
    table = {(a.question_id, a.response_id): a for a in answers}
    return questions, responses, table


# --- Questions and answers -------------------------------------------------------------


def clarifications_for_user(user) -> QuerySet[Clarification]:
    """Municipal: every question on RFIs they see. Supplier: published answers on RFIs it
    sees, plus its own organisation's questions (answered or not)."""
    qs = Clarification.objects.select_related("rfi")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin or user.is_municipal:
        return qs.filter(rfi__in=rfis_for_user(user).values("pk")).select_related(
            "supplier", "asked_by", "answered_by"
        )
    if _is_supplier(user):
        return qs.filter(rfi__in=rfis_for_user(user).values("pk")).filter(
            Q(published_at__isnull=False) | Q(supplier_id=user.organization_id)
        )
    return qs.none()


# --- Activities ------------------------------------------------------------------------


def activities_for_user(user) -> QuerySet[DialogueActivity]:
    """Municipal: activities of visible cases/challenges. Supplier: those its
    organisation takes part in."""
    qs = DialogueActivity.objects.select_related("case", "challenge")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(_anchor_q(user))
    if _is_supplier(user):
        return qs.filter(
            pk__in=DialogueActivity.supplier_organizations.through.objects.filter(
                organization_id=user.organization_id
            ).values("dialogueactivity_id")
        )
    return qs.none()


def activity_files_for_user(user) -> QuerySet[ActivityFile]:
    qs = ActivityFile.objects.select_related("activity")
    if not _authenticated(user):
        return qs.none()
    visible = qs.filter(activity__in=activities_for_user(user).values("pk"))
    if _is_supplier(user):
        return visible.filter(shared_with_suppliers=True)
    return visible


def comments_for_user(user) -> QuerySet[ConsultationComment]:
    qs = ConsultationComment.objects.select_related("author", "organization", "section")
    if not _authenticated(user):
        return qs.none()
    visible = qs.filter(section__activity__in=activities_for_user(user).values("pk"))
    if _is_supplier(user):
        return visible.filter(organization_id=user.organization_id)
    return visible


# --- The message log -------------------------------------------------------------------


def messages_for_user(user) -> QuerySet[SupplierMessage]:
    """Municipal users see the log of the cases/challenges they see; suppliers their own
    messages and those sent to every invited supplier of an RFI they see."""
    qs = SupplierMessage.objects.select_related("supplier", "author", "rfi", "activity")
    if not _authenticated(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(_anchor_q(user))
    if _is_supplier(user):
        return qs.filter(
            Q(supplier_id=user.organization_id)
            | Q(supplier__isnull=True, rfi__in=rfis_for_user(user).values("pk"))
        )
    return qs.none()


def anchor_filter(anchor) -> dict:
    """`{"case": anchor}` or `{"challenge": anchor}`."""
    return {"case": anchor} if isinstance(anchor, ProcurementCase) else {"challenge": anchor}


def _own_questions(user) -> QuerySet[Clarification]:
    """A supplier's history of questions: only those its own organisation asked."""
    return clarifications_for_user(user).filter(supplier_id=user.organization_id)


# History: RFIs and activities are municipal objects (no supplier sees their history);
# a supplier sees the history of its own answers, questions and profile, nothing else.
history.register(Rfi, rfis_for_user)
history.register(
    RfiResponse,
    responses_for_user,
    supplier_selector=responses_for_user,
    supplier_fields={"state", "submitted_at", "submitted_by", "updated_by"},
)
history.register(
    Clarification,
    clarifications_for_user,
    supplier_selector=_own_questions,
    supplier_fields={"question", "answer", "published_at"},
)
history.register(DialogueActivity, activities_for_user)
history.register(
    SupplierProfile,
    profiles_for_user,
    supplier_selector=profiles_for_user,
    supplier_fields={"description"},
)


def activity_counts_by_case(case_ids) -> dict[int, dict[str, int]]:
    """{case_id: {kind label: count}}: dialogue activities and published RFIs per case,
    counted in SQL (two queries). Used by the network portfolio report."""
    from .enums import ActivityKind

    counts: dict[int, dict[str, int]] = {}
    rows = (
        DialogueActivity.objects.filter(case_id__in=case_ids)
        .values("case_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        label = str(ActivityKind(row["kind"]).label)
        counts.setdefault(row["case_id"], {})[label] = row["n"]
    rfis = (
        Rfi.objects.filter(case_id__in=case_ids, state=RfiState.PUBLISHED)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rfis:
        counts.setdefault(row["case_id"], {})[gettext("Requests for information")] = row["n"]
    return counts
