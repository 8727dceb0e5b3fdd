"""Who may do what in a project. Small predicates over (user, object), used by views and
templates (`user.has_perm("projects.manage_project", project)`) and tested as tables.

- Managing (editing goals, subprojects, funding, groups, meetings): the project manager
  (who may be external), coordinators of the lead municipality or of the project's
  network, platform admins.
- The internal parts (funding, the risk and decision log): those who manage, and the
  municipal users of the project's municipalities. Never an outside member of a group.
- Minutes and decisions of a group's meetings: the group's members and those who manage.
"""

import rules

from organizations.permissions import is_coordinator, is_municipal_user, is_platform_admin


def _project_of(obj):
    """The project of a project, group, meeting or subproject."""
    if obj is None:
        return None
    if hasattr(obj, "group_id") and hasattr(obj, "starts_at"):
        return obj.group.project
    if hasattr(obj, "project_id"):
        return obj.project
    return obj


@rules.predicate
def is_project_manager(user, obj) -> bool:
    project = _project_of(obj)
    return bool(
        project is not None and user.is_authenticated and project.project_manager_id == user.pk
    )


@rules.predicate
def in_project_municipalities(user, obj) -> bool:
    """The user's municipality leads the project or belongs to its network."""
    project = _project_of(obj)
    if project is None or not user.is_authenticated or not user.organization_id:
        return False
    if project.organization_id == user.organization_id:
        return True
    if project.network_id is None:
        return False
    return project.network.members.filter(pk=user.organization_id).exists()


@rules.predicate
def is_group_member(user, group) -> bool:
    if group is None or not user.is_authenticated:
        return False
    if hasattr(group, "starts_at"):  # a meeting
        group = group.group
    return group.memberships.filter(user=user).exists()


may_manage_project = (
    is_platform_admin
    | is_project_manager
    | (is_municipal_user & is_coordinator & in_project_municipalities)
)
may_see_internal = may_manage_project | (is_municipal_user & in_project_municipalities)

rules.add_perm("projects.manage_project", may_manage_project)
rules.add_perm("projects.view_internal", may_see_internal)
rules.add_perm("projects.view_minutes", may_manage_project | is_group_member)
rules.add_perm("projects.create_project", is_platform_admin | (is_municipal_user & is_coordinator))


def can_create_project(user) -> bool:
    """The predicate without the auth backends, for menus and buttons."""
    return bool(user and user.is_authenticated and user.has_perm("projects.create_project"))
