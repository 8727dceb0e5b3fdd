"""Helpers the project pages share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import selectors


def _project(request, pk: int):
    return selectors.project_get_for_user(request.user, pk)


def _managed(request, pk: int):
    project = _project(request, pk)
    if not request.user.has_perm("projects.manage_project", project):
        raise PermissionDenied
    return project


def _form_page(request, *, title, form, project=None, intro="", submit=None, back=None):
    return render(
        request,
        "projects/form.html",
        {
            "title": title,
            "form": form,
            "project": project,
            "intro": intro,
            "submit": submit or _("Save"),
            "back": back or (project.get_absolute_url() if project else None),
        },
    )


def _saved(request, form, write, *, message: str = "") -> bool:
    """For a valid POSTed form, run `write(cleaned_data)` (a service call); a refused
    write puts its message on the form. True when it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return False
    if message:
        messages.success(request, message)
    return True
