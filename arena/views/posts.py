"""Posts and replies in the arena: a list searchable in Swedish, a post with its replies
(and the reply form), writing and editing a post."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import forms, selectors, services
from .content import _form_page


@login_required
def post_list(request):
    q = request.GET.get("q", "")
    posts = selectors.search(selectors.posts_for_user(request.user), q)
    if not q:
        posts = posts.order_by("-created_at")
    posts = selectors.with_reply_counts(posts)
    page = Paginator(posts, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "arena/post_list.html",
        {
            "page_obj": page,
            "q": q,
            "query_string": urlencode({"q": q}) if q else "",
            "may_write": request.user.has_perm("arena.write"),
        },
    )


@login_required
def post_create(request):
    if not request.user.has_perm("arena.write"):
        raise PermissionDenied
    form = forms.PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The post was published."))
            return redirect(post)
    return _form_page(
        request, title=_("Write a post"), form=form, submit=_("Publish"), back="/arena/posts/"
    )


@login_required
def post_edit(request, pk: int):
    post = get_object_or_404(selectors.posts_for_user(request.user), pk=pk)
    if not request.user.has_perm("arena.change_post", post):
        raise PermissionDenied
    form = forms.PostForm(request.POST or None, user=request.user, post=post)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(user=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The post was saved."))
            return redirect(post)
    return _form_page(request, title=_("Edit the post"), form=form, back=post.get_absolute_url())


@login_required
def post_detail(request, pk: int):
    post = get_object_or_404(selectors.posts_for_user(request.user), pk=pk)
    user = request.user
    may_reply = user.has_perm("arena.reply", post)
    form = forms.ReplyForm(request.POST or None) if may_reply else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.reply_add(user=user, post=post, body=form.cleaned_data["body"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your reply was published."))
                return redirect(post)
    return render(
        request,
        "arena/post_detail.html",
        {
            "post": post,
            "replies": post.replies.select_related("author", "organization"),
            "form": form,
            "may_edit": user.has_perm("arena.change_post", post),
        },
    )
