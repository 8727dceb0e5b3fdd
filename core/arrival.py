"""When a request arrived, and whether that was in time for a deadline.

A bid or an RFI answer is judged by when it reached Samverka, not by when the database
lock on its tender or RFI was obtained: another supplier's large upload may hold that
lock for seconds. `ArrivalTimeMiddleware` (first in `MIDDLEWARE`, before any middleware
reads the body) stamps `request.arrived_at`; services take it as `arrived_at` and compare
it with `arrived_in_time`, the one rule for bids and RFI answers alike: on time when it
arrived at or before the deadline.
"""

from datetime import datetime

from django.utils import timezone


class ArrivalTimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.arrived_at = timezone.now()
        return self.get_response(request)


def arrival_time(request) -> datetime:
    """When `request` arrived (now, for a request that did not pass the middleware)."""
    return getattr(request, "arrived_at", None) or timezone.now()


def arrived_in_time(arrived_at: datetime, deadline: datetime | None) -> bool:
    """True when something that arrived at `arrived_at` meets `deadline` ("at the latest")."""
    return deadline is not None and arrived_at <= deadline
