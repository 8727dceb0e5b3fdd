from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response

from core.forms import apply_validation_error
from notifications.selectors import notifications_for_user
from notifications.services import notifications_mark_read
from organizations.selectors import organizations_for_user

from . import services
from .forms import TokenForm
from .serializers import MeSerializer, NotificationSerializer, OrganizationSerializer


class MeView(RetrieveAPIView):
    """The caller: who the token or session belongs to."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities and suppliers the caller may see."""

    serializer_class = OrganizationSerializer
    filterset_fields = ["kind", "county_name"]
    search_fields = ["name", "municipality_code", "org_number"]

    def get_queryset(self):
        return organizations_for_user(self.request.user).order_by("name")


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = {"read_at": ["isnull"], "event": ["exact"]}

    def get_queryset(self):
        return notifications_for_user(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notifications_mark_read(user=request.user, ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """A JSON 404 for a URL under /api/v1/ that no endpoint matches (e.g. `/needs/1.5/`)."""
    from django.http import JsonResponse

    return JsonResponse({"detail": _("Not found."), "status": 404}, status=404)


@login_required
def token_list(request):
    """The profile's API tokens: create (shown once), list, revoke."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Copy the token now: it is shown only once."))
            form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("api:tokens")
