"""Reads, scoped to the user.

Municipal users see their networks' lessons (and those shared with every network),
documents their networks may use and events open to them. Outside people (authorities,
regions, funders, research organisations, consultancies, suppliers) see only public
documents, public events, the events of projects they are invited to and their own
registrations; anonymous visitors see public published events and nothing else.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Q, QuerySet

from core import history
from organizations.models import Network
from projects.selectors import projects_for_user

from .enums import Audience, RegistrationStatus
from .models import Document, EvaluationSpace, Event, Lesson, Post, Registration


def _user_networks(user) -> QuerySet:
    return Network.members.through.objects.filter(organization_id=user.organization_id).values(
        "network_id"
    )


def _shared_experience_for_user(model, user) -> QuerySet:
    """Lessons and posts, one rule: the user's municipality's, their networks' and those
    shared with every network; municipal users and platform admins only."""
    qs = model.objects.select_related("organization", "network", "author")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    return qs.filter(
        Q(organization_id=user.organization_id)
        | Q(network__in=_user_networks(user))
        | Q(across_networks=True)
    )


def lessons_for_user(user) -> QuerySet[Lesson]:
    return _shared_experience_for_user(Lesson, user)


def posts_for_user(user) -> QuerySet[Post]:
    """Posts are seen exactly like lessons."""
    return _shared_experience_for_user(Post, user)


def with_reply_counts(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.annotate(reply_count=Count("replies"))


def lessons_on_offer(user) -> dict:
    """Lessons written at a case's close or a subproject's cancellation in the user's
    municipality, not yet shared in the arena: offered on the arena page."""
    if not user.is_authenticated or not user.is_municipal:
        return {"cases": [], "subprojects": []}
    from procurements.selectors import procurements_for_user

    cases = list(
        procurements_for_user(user)
        .filter(lead_organization_id=user.organization_id, stage__in=["closed", "cancelled"])
        .exclude(lessons_learned="")
        .filter(arena_lessons__isnull=True)
        .order_by("-pk")[:10]
    )
    from projects.selectors import subprojects_for_user

    subprojects = list(
        subprojects_for_user(user)
        .filter(project__organization_id=user.organization_id)
        .exclude(lessons_learned="")
        .filter(arena_lessons__isnull=True)
        .order_by("-pk")[:10]
    )
    return {"cases": cases, "subprojects": subprojects}


def documents_for_user(user) -> QuerySet[Document]:
    qs = Document.objects.select_related("organization", "network")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(
            Q(organization_id=user.organization_id)
            | Q(audience=Audience.NETWORK, network__in=_user_networks(user))
            | Q(audience__in=[Audience.MUNICIPALITIES, Audience.PUBLIC])
        )
    return qs.filter(audience=Audience.PUBLIC)


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Swedish full-text search (stemmed: "upphandlingar" finds "upphandling"), ranked."""
    text = (text or "").strip()
    if not text:
        return queryset
    query = SearchQuery(text, config="swedish", search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "pk")
    )


def events_for_user(user) -> QuerySet[Event]:
    qs = Event.objects.select_related("organization", "network", "project")
    published = Q(published_at__isnull=False)
    public = published & Q(audience=Audience.PUBLIC)
    if not user or not user.is_authenticated:
        return qs.filter(public)
    if user.is_platform_admin:
        return qs
    mine = Q(pk__in=Registration.objects.filter(user=user).values("event_id"))
    invited = published & Q(project__in=projects_for_user(user).values("pk"))
    if user.is_municipal:
        return qs.filter(
            Q(organization_id=user.organization_id)
            | (published & Q(network__in=_user_networks(user)))
            | (published & Q(audience__in=[Audience.MUNICIPALITIES, Audience.PUBLIC]))
            | invited
            | mine
        )
    return qs.filter(public | invited | mine)


def registration_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        attended_count=Count("registrations", filter=Q(registrations__attended=True)),
    )


def events_with_counts_for_project(user, project) -> QuerySet[Event]:
    """The project's events with how many registered and took part (close-out report)."""
    return registration_counts(
        events_for_user(user).filter(project=project, cancelled_at__isnull=True)
    ).order_by("starts_at")


def own_registration(user, event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user).exclude(status=RegistrationStatus.CANCELLED).first()
    )


def evaluation_spaces_for_user(user) -> QuerySet[EvaluationSpace]:
    """Spaces of the projects the user sees, and the researcher's own."""
    qs = EvaluationSpace.objects.select_related("project", "researcher__organization")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    return qs.filter(Q(project__in=projects_for_user(user).values("pk")) | Q(researcher=user))


def reminders_due(*, start, end) -> QuerySet[Registration]:
    return Registration.objects.select_related("event", "user").filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__cancelled_at__isnull=True,
        event__published_at__isnull=False,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    )


history.register(Event, events_for_user)
history.register(Post, posts_for_user)
history.register(Document, documents_for_user)
