from .registry import navigation_items


def navigation(request):
    """The menu for this user, built from each app's navigation.py. Costs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_items(user)}
