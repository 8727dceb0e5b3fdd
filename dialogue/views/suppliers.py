"""Supplier registration, the supplier's profile and the CPV search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.forms import apply_validation_error
from core.models import CpvCode

from .. import services
from ..forms import (
    SupplierProfileForm,
    SupplierRegistrationForm,
)

# --- Supplier registration and profile -----------------------------------------------


def supplier_register(request):
    """Public: a company registers and its first user gets an account."""
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SupplierRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.supplier_register(
                company_name=data["company_name"],
                org_number=data["org_number"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                phone=data["phone"],
                language=getattr(request, "LANGUAGE_CODE", "sv"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you! %(company)s is registered. The platform operator checks the "
                    "registration; you get an e-mail when you can sign in."
                )
                % {"company": user.organization.name},
            )
            return redirect("login")
    return render(request, "dialogue/supplier_register.html", {"form": form})


@login_required
def profile_edit(request):
    if not request.user.has_perm("dialogue.edit_profile"):
        raise PermissionDenied
    profile = services.supplier_profile_get_or_create(request.user.organization)
    initial = {"description": profile.description, "cpv_codes": list(profile.cpv_codes.all())}
    form = SupplierProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_profile_update(
                user=request.user,
                description=form.cleaned_data["description"],
                cpv_codes=form.cleaned_data["cpv_codes"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your supplier profile was saved."))
            return redirect("dialogue:profile-edit")
    return render(request, "dialogue/supplierprofile_edit.html", {"form": form, "profile": profile})


CPV_FIELDS = {"cpv_codes", "invited_cpv_codes"}


@login_required
@require_GET
def cpv_search(request):
    """htmx: up to 20 CPV codes matching a code prefix or words of the label."""
    field = request.GET.get("field", "cpv_codes")
    if field not in CPV_FIELDS:
        raise Http404
    query = request.GET.get("q", "").strip()
    codes = []
    if len(query) >= 2:
        digits = query.replace("-", "")
        if digits.isdigit():
            codes = CpvCode.objects.filter(code__startswith=digits[:8])
        else:
            codes = CpvCode.objects.filter(
                Q(label_sv__icontains=query) | Q(label_en__icontains=query)
            )
        codes = list(codes.order_by("code")[:20])
    return render(
        request, "dialogue/_cpv_results.html", {"codes": codes, "field": field, "query": query}
    )
