"""Who may do what in the arena (rules predicates, used in views and templates).

- Lessons and documents are written by municipal users; a document's new versions by
  its publishing municipality.
- An event is managed (published, registrations seen, attendance recorded) by the
  coordinators of the organising municipality, its creator and platform admins.
- A post is changed by its author; replied to by the municipal users who see it.
- An evaluation space is written by its researcher; the project's managers see the
  material; its published report is seen by all who see the project.
"""

import rules

from organizations.permissions import (
    belongs_to,
    is_coordinator,
    is_municipal_user,
    is_platform_admin,
)


@rules.predicate
def created_event(user, event) -> bool:
    return event is not None and event.created_by_id == user.pk


@rules.predicate
def organises_event(user, event) -> bool:
    return event is not None and belongs_to(user, event.organization)


@rules.predicate
def owns_document(user, document) -> bool:
    return document is not None and belongs_to(user, document.organization)


@rules.predicate
def wrote_post(user, post) -> bool:
    return post is not None and post.author_id == user.pk


@rules.predicate
def sees_post(user, post) -> bool:
    from .selectors import posts_for_user

    return post is not None and posts_for_user(user).filter(pk=post.pk).exists()


@rules.predicate
def is_researcher(user, space) -> bool:
    return space is not None and space.researcher_id == user.pk


@rules.predicate
def manages_space_project(user, space) -> bool:
    return space is not None and user.has_perm("projects.manage_project", space.project)


rules.add_perm("arena.write", is_platform_admin | is_municipal_user)
rules.add_perm(
    "arena.manage_event",
    is_platform_admin | created_event | (is_municipal_user & is_coordinator & organises_event),
)
rules.add_perm("arena.add_version", is_platform_admin | (is_municipal_user & owns_document))
rules.add_perm("arena.write_evaluation", is_researcher)
rules.add_perm("arena.change_post", is_platform_admin | (is_municipal_user & wrote_post))
rules.add_perm("arena.reply", is_platform_admin | (is_municipal_user & sees_post))
rules.add_perm("arena.view_material", is_platform_admin | is_researcher | manages_space_project)
