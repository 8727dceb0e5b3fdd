"""What every projects service shares: the error the views show and the manage check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import Project


class ProjectError(ValidationError):
    """A move the rules do not allow; the view shows the message."""


def _require_manage(user, project: Project) -> None:
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied(_("You may not change this project."))
