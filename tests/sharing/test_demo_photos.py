"""The demo's listing photos show the listing's own item (no "Konferensbord" on a sofa)."""

from pathlib import PurePosixPath

from django.utils.text import slugify

from sharing.models import ListingPhoto


def test_every_demo_photo_is_generated_for_its_own_item(db):
    from organizations import demo as organizations_demo
    from sharing import demo as sharing_demo

    organizations_demo.seed()
    sharing_demo.seed()
    photos = list(ListingPhoto.objects.select_related("listing"))
    assert len(photos) > 100
    for photo in photos:
        stem = PurePosixPath(photo.image.name).stem.rsplit("-", 1)[0]  # "soffa-1" → "soffa"
        assert slugify(photo.listing.title).startswith(stem), (photo.image.name, photo.listing)
        assert photo.thumbnail.name.startswith(f"sharing/demo/{stem}-")
