"""Small helpers the sharing tests share: a reservation request and an image."""

from io import BytesIO

from PIL import Image

from sharing import services
from sharing.enums import Mode
from tests.factories.sharing import category


def _request(user, listing, start, end, **extra):
    return services.booking_request(
        user=user, listing=listing, start_date=start, end_date=end, **extra
    )


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), "#0b4f6c").save(buffer, format="PNG")
    return buffer.getvalue()


def _listing_data(location, **extra):
    from django.utils import timezone

    data = {
        "kind": "furniture",
        "title": "Höj- och sänkbart skrivbord",
        "description": "Elektriskt, 160 × 80 cm, vit skiva.",
        "category": category("furniture/desks/height-adjustable desk"),
        "quantity": 4,
        "location": location,
        "mode": Mode.LEND,
        "available_from": timezone.localdate(),
        "visibility": "network",
    }
    data.update(extra)
    return data
