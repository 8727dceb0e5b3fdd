from .selectors import unread_count


def unread_notifications(request):
    """A callable, so the count query runs only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
