"""Pages where organisations set themselves up: an administrator's users and departments,
the getting-started list, the platform operator's onboarding, and networks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, messages_from_error
from core.registry import setup_steps

from . import selectors, services
from .enums import NetworkInvitationState
from .forms import (
    DepartmentForm,
    NetworkForm,
    NetworkInviteForm,
    OnboardForm,
    RegistrationDecisionForm,
    RolesForm,
)


def _own_organization(request):
    """The organisation the user administers, or 403."""
    organization = request.user.organization
    if organization is None or not request.user.has_perm(
        "organizations.manage_organization", organization
    ):
        raise PermissionDenied
    return organization


@login_required
def getting_started(request):
    """What a new organisation sets up, with what is done ticked."""
    organization = _own_organization(request)
    steps = setup_steps(request.user)
    return render(
        request,
        "organizations/getting_started.html",
        {
            "organization": organization,
            "steps": steps,
            "done": sum(1 for step in steps if step.done),
        },
    )


# --- Users ---------------------------------------------------------------------------------


@login_required
def user_list(request):
    organization = _own_organization(request)
    members = selectors.users_for_user(request.user).filter(organization=organization)
    page = Paginator(members.order_by("-is_active", "full_name", "email"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "organizations/user_list.html", {"organization": organization, "page_obj": page}
    )


@login_required
def user_edit(request, pk: int):
    organization = _own_organization(request)
    member = get_object_or_404(
        selectors.users_for_user(request.user).filter(organization=organization), pk=pk
    )
    form = RolesForm(
        request.POST or None, organization=organization, initial={"roles": member.roles}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_roles(
                member=member, roles=form.cleaned_data["roles"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="roles")
        else:
            messages.success(
                request, _("The roles of %(name)s were saved.") % {"name": member.get_full_name()}
            )
            return redirect("organizations:user-list")
    return render(request, "organizations/user_edit.html", {"member": member, "form": form})


@login_required
@require_POST
def user_set_active(request, pk: int):
    organization = _own_organization(request)
    member = get_object_or_404(
        selectors.users_for_user(request.user).filter(organization=organization), pk=pk
    )
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(member=member, active=active, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            (_("%(name)s can sign in again.") if active else _("%(name)s was deactivated."))
            % {"name": member.get_full_name()},
        )
    return redirect("organizations:user-list")


# --- Departments ---------------------------------------------------------------------------


@login_required
def department_list(request):
    organization = _own_organization(request)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_save(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The department was added."))
            return redirect("organizations:department-list")
    departments = selectors.departments_for_user(request.user).filter(organization=organization)
    return render(
        request,
        "organizations/department_list.html",
        {"form": form, "departments": departments, "organization": organization},
    )


@login_required
def department_edit(request, pk: int):
    organization = _own_organization(request)
    department = get_object_or_404(
        selectors.departments_for_user(request.user).filter(organization=organization), pk=pk
    )
    form = DepartmentForm(
        request.POST or None,
        initial={
            "name": department.name,
            "cost_centre": department.cost_centre,
            "is_active": department.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.department_save(
                organization=organization,
                by=request.user,
                department=department,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The department was saved."))
            return redirect("organizations:department-list")
    return render(
        request, "organizations/department_edit.html", {"form": form, "department": department}
    )


# --- The platform operator -----------------------------------------------------------------


def _platform_admin(request) -> None:
    if not request.user.has_perm("organizations.manage_platform"):
        raise PermissionDenied


@login_required
def platform_organizations(request):
    """Organisations on Samverka with their administrators; onboarding a new one."""
    _platform_admin(request)
    form = OnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization, invitation = services.organization_onboard(by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if "email" in getattr(exc, "error_dict", {}):
                form.add_error("admin_email", exc.error_dict["email"])
        else:
            messages.success(
                request,
                _("%(org)s is on Samverka: an invitation was sent to %(email)s.")
                % {"org": organization.name, "email": invitation.email},
            )
            return redirect("organizations:platform-organizations")
    page = Paginator(selectors.organizations_with_admins(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organizations/platform_organizations.html",
        {
            "form": form,
            "page_obj": page,
            "registrations": selectors.pending_registrations(request.user),
        },
    )


@login_required
@require_POST
def registration_decide(request, slug: str):
    """The platform operator approves or rejects a supplier's self-registration."""
    _platform_admin(request)
    organization = get_object_or_404(selectors.pending_registrations(request.user), slug=slug)
    form = RegistrationDecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("approve") == "1"
    try:
        services.supplier_registration_decide(
            organization=organization,
            approve=approve,
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            (_("%(org)s is approved.") if approve else _("%(org)s was not approved."))
            % {"org": organization.name},
        )
    return redirect("organizations:platform-organizations")


@login_required
@require_POST
def organization_set_active(request, slug: str):
    _platform_admin(request)
    organization = get_object_or_404(selectors.organizations_for_user(request.user), slug=slug)
    active = request.POST.get("active") == "1"
    try:
        services.organization_set_active(organization=organization, active=active, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            (_("%(org)s is active again.") if active else _("%(org)s was deactivated."))
            % {"org": organization.name},
        )
    return redirect("organizations:platform-organizations")


# --- Networks ------------------------------------------------------------------------------


@login_required
def network_create(request):
    if not request.user.has_perm("organizations.found_network"):
        raise PermissionDenied
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_found(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("The network was created. Now invite municipalities to it.")
            )
            return redirect(network)
    return render(request, "organizations/network_form.html", {"form": form})


@login_required
def network_invite(request, slug: str):
    network = get_object_or_404(selectors.networks_for_user(request.user), slug=slug)
    if not request.user.has_perm("organizations.manage_network", network):
        raise PermissionDenied
    form = NetworkInviteForm(
        request.POST or None,
        municipalities=selectors.network_invitable_municipalities(network),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.network_invite(
                network=network,
                organization=form.cleaned_data["organization"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s was invited. Its administrator answers.")
                % {"org": invitation.organization.name},
            )
            return redirect(network)
    return render(request, "organizations/network_invite.html", {"form": form, "network": network})


@login_required
def network_invitations(request):
    """Invitations to the user's municipality, to answer."""
    if not request.user.has_perm("organizations.view_network_invitations"):
        raise PermissionDenied
    invitations = selectors.network_invitations_for_user(request.user).filter(
        organization_id=request.user.organization_id
    )
    return render(
        request,
        "organizations/network_invitations.html",
        {
            "pending": [i for i in invitations if i.state == NetworkInvitationState.PENDING],
            "answered": [i for i in invitations if i.state != NetworkInvitationState.PENDING][:20],
        },
    )


@login_required
@require_POST
def network_invitation_answer(request, pk: int):
    invitation = get_object_or_404(selectors.network_invitations_for_user(request.user), pk=pk)
    if not request.user.has_perm("organizations.answer_network_invitation", invitation):
        raise PermissionDenied
    accept = request.POST.get("accept") == "1"
    try:
        services.network_invitation_answer(invitation=invitation, accept=accept, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
        return redirect("organizations:network-invitations")
    if accept:
        messages.success(
            request, _("Welcome to %(network)s.") % {"network": invitation.network.name}
        )
        return redirect(invitation.network)
    messages.success(request, _("The invitation was declined."))
    return redirect("organizations:network-invitations")


@login_required
@require_POST
def network_invitation_withdraw(request, pk: int):
    invitation = get_object_or_404(selectors.network_invitations_for_user(request.user), pk=pk)
    if not request.user.has_perm("organizations.manage_network", invitation.network):
        raise PermissionDenied
    try:
        services.network_invitation_withdraw(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect(invitation.network)


@login_required
@require_POST
def network_leave(request, slug: str):
    network = get_object_or_404(selectors.networks_for_user(request.user), slug=slug)
    if not request.user.has_perm("organizations.leave_network", network):
        raise PermissionDenied
    services.network_leave(network=network, by=request.user)
    messages.success(
        request,
        _("%(org)s left %(network)s.")
        % {"org": request.user.organization.name, "network": network.name},
    )
    return redirect("organizations:network-list")
