from .registry import navigation_menu


def navigation(request):
    """The menu for this user, built from each app's navigation.py. Costs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_account": None}
    row, account = navigation_menu(user, request.path)
    return {"nav_items": row, "nav_account": account}
