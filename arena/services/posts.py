"""Posts and replies: experience shared and questions asked in a network (or, opted in,
every network), searchable in Swedish full text with their replies."""

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Value
from django.utils.translation import gettext as _

from core.history import acting_as

from ..enums import PostKind
from ..models import Post, Reply
from .content import ArenaError, _check_network, _require_municipal


def _refresh_post_search(post_id: int) -> None:
    replies = " ".join(Reply.objects.filter(post_id=post_id).values_list("body", flat=True))
    Post.objects.filter(pk=post_id).update(
        search_vector=SearchVector("title", weight="A", config="swedish")
        + SearchVector("body", weight="B", config="swedish")
        + SearchVector(Value(replies), weight="C", config="swedish")
    )


def _check_text(kind: str, title: str, body: str) -> None:
    if kind not in PostKind.values:
        raise ArenaError({"kind": _("Choose an experience or a question.")})
    if not title.strip():
        raise ArenaError({"title": _("Give the post a title.")})
    if not body.strip():
        raise ArenaError({"body": _("Write the post.")})


def post_create(
    *,
    user,
    kind: str,
    title: str,
    body: str,
    network=None,
    across_networks: bool = False,
) -> Post:
    """A post by a municipal user, in one of their networks (or their municipality's
    only), shared with every network when they opt in."""
    _require_municipal(user)
    _check_network(user, network)
    _check_text(kind, title, body)
    with transaction.atomic(), acting_as(user):
        post = Post.objects.create(
            kind=kind,
            title=title.strip(),
            body=body,
            organization_id=user.organization_id,
            network=network,
            across_networks=across_networks,
            author=user,
        )
        _refresh_post_search(post.pk)
    return post


def post_update(
    *, user, post: Post, kind: str, title: str, body: str, across_networks: bool
) -> Post:
    """The author (or a platform admin) edits the post; its network stays."""
    if not user.has_perm("arena.change_post", post):
        raise PermissionDenied(_("Only the author changes a post."))
    _check_text(kind, title, body)
    with transaction.atomic(), acting_as(user, reason="post edited"):
        post.kind = kind
        post.title = title.strip()
        post.body = body
        post.across_networks = across_networks
        post.save(update_fields=["kind", "title", "body", "across_networks", "updated_at"])
        _refresh_post_search(post.pk)
    return post


def reply_add(*, user, post: Post, body: str) -> Reply:
    """A reply by a municipal user who sees the post (the caller got it from
    `selectors.posts_for_user`)."""
    if not user.has_perm("arena.reply", post):
        raise PermissionDenied(_("Only municipal users write in the arena."))
    if not body.strip():
        raise ArenaError({"body": _("Write the reply.")})
    with transaction.atomic(), acting_as(user):
        reply = Reply.objects.create(
            post=post, body=body, organization_id=user.organization_id, author=user
        )
        _refresh_post_search(post.pk)
    return reply
