"""Reads, always scoped to what the user may see."""

import hashlib

from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    StdDev,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce

from core import history
from core.cache import cached, user_scope
from organizations.models import Network, User

from .enums import NeedStatus
from .models import (
    AssessmentNote,
    Challenge,
    Need,
    NeedAssessor,
    PriorityRound,
    PriorityScore,
    Workshop,
    WorkshopGuest,
    WorkshopParticipant,
)


def org_namespace(organization_id: int) -> str:
    """The cache namespace of one municipality's needs figures (see caching.py)."""
    return f"needs:org:{organization_id}"


def network_namespaces(user) -> tuple[str, ...]:
    """The namespaces a card of this user depends on: every municipality in its networks."""
    return tuple(org_namespace(org) for org in sorted(user.network_organization_ids))


def _user_networks(user) -> QuerySet:
    return Network.objects.filter(members=user.organization_id).values("pk")


def _is_outside(user) -> bool:
    return (
        not user or not user.is_authenticated or not (user.is_municipal or user.is_platform_admin)
    )


def needs_for_user(user) -> QuerySet[Need]:
    """Drafts: the author and the officers of the author's municipality. Submitted (and
    later) needs: everyone in a network with the need's municipality. Suppliers: none."""
    qs = Need.objects.select_related("organization", "author", "challenge", "answer")
    if _is_outside(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    visible = Q(author=user) | (
        ~Q(status=NeedStatus.DRAFT) & Q(organization_id__in=user.network_organization_ids)
    )
    if user.has_role("officer"):
        visible |= Q(status=NeedStatus.DRAFT, organization_id=user.organization_id)
    return qs.filter(visible)


def needs_for_list(user) -> QuerySet[Need]:
    """The needs the user may see, newest first, with only what a row of the need list
    shows (title, municipality, department, status, assessors, submitted): a need's full
    texts are not read for the list."""
    visible = (
        needs_for_user(user)
        .select_related(None)
        .select_related("organization")
        .only("title", "department", "status", "submitted_at", "organization__name")
    )
    return with_assessor_count(visible).order_by("-created_at")


def need_list_count(user, needs: QuerySet[Need], params: str) -> int:
    """How many needs the need list shows (`needs`: the list filtered by `params`, its
    query string). Counting every visible need costs more than reading the page, so the
    number is cached, and forgotten by any change to the needs, assessments or rounds of
    the municipalities in the user's networks (caching.py). Platform admins see every
    need: no municipality's namespace covers that, so theirs is counted each time."""
    if user.is_platform_admin:
        return needs.count()
    digest = hashlib.blake2b(params.encode(), digest_size=16).hexdigest()
    return cached(network_namespaces(user), ("list-count", digest, *user_scope(user)), needs.count)


def with_assessor_count(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Annotate `assessor_count` per row with a subquery, not a join and GROUP BY over
    every visible need (only the page's rows are counted)."""
    per_need = (
        NeedAssessor.objects.filter(need=OuterRef("pk"))
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return needs.annotate(
        assessor_count=Coalesce(Subquery(per_need, output_field=IntegerField()), 0)
    )


def challenges_for_user(user) -> QuerySet[Challenge]:
    """Challenges of the user's networks (or, without a network, of the owner's network)."""
    qs = Challenge.objects.select_related("owner_organization", "network", "owner")
    if _is_outside(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    return qs.filter(
        Q(network__in=_user_networks(user))
        | Q(network__isnull=True, owner_organization_id__in=user.network_organization_ids)
    )


def workshops_for_user(user) -> QuerySet[Workshop]:
    qs = Workshop.objects.select_related("network", "organizer")
    if _is_outside(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    invited = WorkshopParticipant.objects.filter(user=user).values("workshop_id")
    return qs.filter(Q(network__in=_user_networks(user)) | Q(pk__in=invited))


def guest_for_token(token: str) -> WorkshopGuest | None:
    """The open invitation behind a guest link (None when unknown or withdrawn)."""
    return (
        WorkshopGuest.objects.select_related("workshop", "workshop__organizer", "organization")
        .filter(token_hash=WorkshopGuest.hash_token(token), withdrawn_at__isnull=True)
        .first()
    )


def guests_for_user(user) -> QuerySet[WorkshopGuest]:
    """Guest invitations to the workshops the user may see."""
    return WorkshopGuest.objects.filter(workshop__in=workshops_for_user(user)).select_related(
        "workshop"
    )


def guests_of(workshop: Workshop) -> QuerySet[WorkshopGuest]:
    """The guests invited to a workshop (withdrawn ones last), for its organisers' page."""
    return workshop.guests.select_related("organization").order_by(
        F("withdrawn_at").asc(nulls_first=True), "name"
    )


def rounds_for_user(user) -> QuerySet[PriorityRound]:
    qs = PriorityRound.objects.select_related("network", "created_by", "decided_by")
    if _is_outside(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    return qs.filter(network__in=_user_networks(user))


def networks_coordinated_by(user) -> QuerySet[Network]:
    if user.is_platform_admin:
        return Network.objects.all()
    if not user.is_municipal:
        return Network.objects.none()
    return Network.objects.filter(members=user.organization_id)


def network_users(user) -> QuerySet[User]:
    """Active municipal users in the user's networks: the people one may invite or assign."""
    qs = User.objects.filter(is_active=True).select_related("organization")
    if _is_outside(user):
        return qs.none()
    if user.is_platform_admin:
        return qs.filter(organization__kind="municipality")
    return qs.filter(organization_id__in=user.network_organization_ids)


def assessor_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the people in the user's networks who have assessed a need; cached,
    invalidated by user changes and by assessments in those municipalities."""
    from organizations.selectors import PEOPLE, person_choices

    def compute():
        return person_choices(network_users(user).filter(need_assessments__isnull=False).distinct())

    return cached((PEOPLE, *network_namespaces(user)), ("assessors", user.pk), compute)


def assessment_notes_for(need: Need, user) -> QuerySet[AssessmentNote]:
    """The assessors' private notes: only assessors and the network's coordinators."""
    qs = AssessmentNote.objects.filter(need=need).select_related("author")
    if not user.has_perm("needs.view_assessment", need):
        return qs.none()
    return qs


def need_duplicates(user, *, text: str, exclude_pk: int | None = None, limit: int = 5):
    """Submitted needs in the user's network that look like `text` (full text + trigram)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
    from django.db.models.functions import Greatest, Upper

    words = [w for w in _words(text) if len(w) >= 4][:25]
    if not words:
        return []
    query = SearchQuery(" or ".join(words), config="swedish", search_type="websearch")
    title_text = " ".join(words[:12]).upper()
    qs = (
        needs_for_user(user)
        .exclude(status=NeedStatus.DRAFT)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            similarity=TrigramSimilarity(Upper("title"), title_text),
        )
        .filter(Q(search_vector=query) | Q(similarity__gte=0.3))
        .annotate(score=Greatest(F("rank"), F("similarity")))
        .order_by("-score", "-created_at")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:limit])


def _words(text: str) -> list[str]:
    import re

    seen: list[str] = []
    for word in re.findall(r"\w+", text.lower()):
        if word not in seen and not word.isdigit():
            seen.append(word)
    return seen


def round_ranking(priority_round: PriorityRound) -> list[dict]:
    """Challenges of a round ranked by weighted mean score, with spread, computed in SQL.

    Each row: challenge, mean (weighted by criterion weight), min, max, stddev (population),
    participants (how many scored it), scores (how many single scores), selected.
    """
    value = Cast("value", FloatField())
    weight = Cast("criterion__weight", FloatField())
    rows = (
        PriorityScore.objects.filter(round=priority_round)
        .values("challenge_id")
        .annotate(
            weighted=Sum(value * weight) / Sum(weight),
            low=Min("value"),
            high=Max("value"),
            spread=StdDev(value),
            participants=Count("participant", distinct=True),
            scores=Count("pk"),
        )
    )
    by_challenge = {row["challenge_id"]: row for row in rows}
    entries = priority_round.round_challenges.select_related(
        "challenge", "challenge__owner_organization"
    )
    ranking = []
    for entry in entries:
        row = by_challenge.get(entry.challenge_id, {})
        ranking.append(
            {
                "challenge": entry.challenge,
                "selected": entry.selected,
                "mean": row.get("weighted"),
                "min": row.get("low"),
                "max": row.get("high"),
                "stddev": row.get("spread"),
                "participants": row.get("participants", 0),
                "scores": row.get("scores", 0),
            }
        )
    ranking.sort(key=lambda r: (r["mean"] is None, -(r["mean"] or 0), r["challenge"].title))
    for position, row in enumerate(ranking, start=1):
        row["rank"] = position
    return ranking


def round_criterion_means(priority_round: PriorityRound) -> dict[tuple[int, int], float]:
    """(challenge_id, criterion_id) -> mean score, in one query."""
    from django.db.models import Avg

    rows = (
        PriorityScore.objects.filter(round=priority_round)
        .values("challenge_id", "criterion_id")
        .annotate(mean=Avg("value"))
    )
    return {(r["challenge_id"], r["criterion_id"]): r["mean"] for r in rows}


def scores_of(priority_round: PriorityRound, user) -> dict[tuple[int, int], int]:
    rows = PriorityScore.objects.filter(round=priority_round, participant=user).values_list(
        "challenge_id", "criterion_id", "value"
    )
    return {(c, k): v for c, k, v in rows}


history.register(Need, needs_for_user)
history.register(Challenge, challenges_for_user)
history.register(Workshop, workshops_for_user)
history.register(PriorityRound, rounds_for_user)
