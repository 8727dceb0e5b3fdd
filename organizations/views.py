from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import Code, csv_response
from core.forms import apply_validation_error

from . import selectors, services
from .enums import NetworkInvitationState
from .forms import AcceptInvitationForm, EmailAuthenticationForm, InvitationForm, ProfileForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        _activate_user_language(self.request, response, form.get_user().language)
        return response


def _activate_user_language(request, response, language: str) -> None:
    from django.conf import settings

    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            response = redirect("organizations:profile")
            _activate_user_language(request, response, request.user.language)
            messages.success(request, _("Your profile was saved."))
            return response
    return render(request, "organizations/profile.html", {"form": form})


@login_required
def invitation_list(request):
    organizations = selectors.invitable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = InvitationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                invited_by=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                organization=form.cleaned_data["organization"],
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("organizations:invitations")
    page = Paginator(selectors.invitations_for_user(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "organizations/invitation_list.html", {"form": form, "page_obj": page})


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(selectors.invitations_for_user(request.user), pk=pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("organizations:invitations")


def invitation_accept(request, token: str):
    try:
        invitation = services.invitation_get_open(token)
    except ValidationError as exc:
        return render(
            request,
            "organizations/invitation_invalid.html",
            {"reason": exc.messages[0]},
            status=410,
        )
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="password1")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Samverka!"))
            return redirect("core:dashboard")
    return render(
        request, "organizations/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _organization_rows(request):
    qs = selectors.organizations_for_user(request.user)
    kind = request.GET.get("kind")
    if kind in {"municipality", "supplier"}:
        qs = qs.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("name"), kind, query


@login_required
def organization_list_csv(request):
    """The organisation list as CSV: the same rows and filters as the page."""
    qs, _kind, _query = _organization_rows(request)
    header = [_("Name"), _("Kind"), _("Municipality code"), _("Organisation number"),
              _("County"), _("E-mail"), _("Phone"), _("Website")]  # fmt: skip
    rows = (
        [
            o.name,
            o.get_kind_display(),
            Code(o.municipality_code or ""),
            Code(o.org_number or ""),
            o.county_name,
            o.email,
            o.phone,
            o.website,
        ]
        for o in qs.iterator(chunk_size=500)
    )
    return csv_response(_("organisations"), header, rows, request=request)


@login_required
def organization_list(request):
    qs, kind, query = _organization_rows(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/organization_list.html",
        {"page_obj": page, "kind": kind, "q": query},
    )


@login_required
def organization_detail(request, slug: str):
    organization = get_object_or_404(selectors.organizations_for_user(request.user), slug=slug)
    users = None
    if request.user.has_perm("organizations.view_users", organization):
        users = selectors.users_for_user(request.user).filter(organization=organization)
    networks = organization.networks.all() if organization.is_municipality else []
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "users": users, "networks": networks},
    )


@login_required
def network_list(request):
    networks = selectors.networks_for_user(request.user)
    waiting = (
        selectors.network_invitations_for_user(request.user)
        .filter(organization_id=request.user.organization_id, state=NetworkInvitationState.PENDING)
        .count()
    )
    return render(
        request,
        "organizations/network_list.html",
        {
            "networks": networks,
            "waiting": waiting,
            "may_found": request.user.has_perm("organizations.found_network"),
        },
    )


@login_required
def network_detail(request, slug: str):
    network = get_object_or_404(selectors.networks_for_user(request.user), slug=slug)
    may_manage = request.user.has_perm("organizations.manage_network", network)
    pending = (
        network.invitations.filter(state=NetworkInvitationState.PENDING).select_related(
            "organization", "invited_by"
        )
        if may_manage
        else []
    )
    return render(
        request,
        "organizations/network_detail.html",
        {
            "network": network,
            "coordinators": selectors.network_coordinators(network),
            "pending": pending,
            "may_manage": may_manage,
            "may_leave": request.user.has_perm("organizations.leave_network", network),
        },
    )
