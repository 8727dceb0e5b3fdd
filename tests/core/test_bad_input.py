"""Bad input never gives a server error.

Every URL with an id or a slug is asked for with ids out of range and strings with a NUL
byte, quotes and dots, by an officer, a supplier and a platform admin, as GET and as a
POST carrying a NUL; every upload is sent a decompression bomb (a PNG claiming 20 000 ×
20 000 pixels), a PNG named `.pdf` and a zip of 1 GiB of zeros. Decisions:

- a decompression bomb is refused with a message (never decoded);
- a file whose name does not match its content is refused (it would be served under
  a false name);
- a zip is accepted as a document and stored as it is: Samverka never unpacks an
  uploaded archive, so a zip bomb costs only its stored size (within the upload limit);
- a bid price of 1e309 (or any price of 10^14 SEK or more) is refused.
"""

import re
import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from PIL import Image

INT_VALUES = ["0", "9223372036854775808", "99999999999999999999999999"]
STR_VALUES = ["%00", "a%00b", "x" * 300, "%27%22%3C%3E", "..%2F..%2Fetc"]


def _routes():
    """Every URL pattern as a template with `{name:kind}` holes."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = str(pattern.pattern)
            if not isinstance(pattern.pattern, RoutePattern):
                text = text.lstrip("^").rstrip("$").replace("\\.", ".").replace("/?", "/")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + text)
            else:
                found.append(prefix + text)

    walk(get_resolver().url_patterns, "/")
    return sorted({route for route in found if "<" in route})


HOLE = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _fill(route: str, value_for) -> str:
    def replace(match):
        converter, group = match.group(1), match.group(3)
        if group == "format" or converter == "drf_format_suffix":
            return "json"
        return value_for(converter or "str")

    return HOLE.sub(replace, route)


def _bad_urls():
    urls = set()
    for route in _routes():
        for value in INT_VALUES:
            urls.add(_fill(route, lambda kind, v=value: v))
        for value in STR_VALUES:
            urls.add(_fill(route, lambda kind, v=value: "1" if kind == "int" else v))
    return sorted(urls)


def test_the_url_sweep_covers_the_apps():
    urls = _bad_urls()
    for part in ("/sharing/u/%00/", "/needs/", "/dialogue/", "/procurements/", "/reports/"):
        assert any(part in url for url in urls), part


@pytest.mark.parametrize("who", ["officer", "supplier_user", "platform_admin"])
def test_no_url_with_an_id_or_slug_answers_5xx(db, client, request, who):
    client.raise_request_exception = False
    client.force_login(request.getfixturevalue(who))
    errors = []
    for url in _bad_urls():
        for method in ("get", "post"):
            data = {"x": "a\x00b"} if method == "post" else {}
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url} -> {response.status_code}")
    print("\n".join(errors))  # shown when the test fails
    assert errors == []


def test_nul_in_path_is_404_and_in_query_400(client, staff):
    client.force_login(staff)
    assert client.get("/sharing/u/%00/").status_code == 404
    assert client.get("/sharing/?q=a%00b").status_code == 400
    assert client.get("/needs/?q=%00").status_code == 400


# --- Uploads --------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb() -> bytes:
    """A PNG whose header claims 20 000 × 20 000 pixels (1.2 GB decoded), in 100 bytes."""
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "#0b4f6c").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def zip_of_zeros() -> bytes:
    """A 1 MB zip that unpacks to 1 GiB of zeros."""
    buffer = BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        block = bytes(1 << 20)
        for _ in range(1024):
            member.write(block)
    return buffer.getvalue()


def bomb_file(name="bomb.png"):
    return SimpleUploadedFile(name, png_bomb(), content_type="image/png")


def png_as_pdf():
    return SimpleUploadedFile("offert.pdf", small_png(), content_type="application/pdf")


def test_the_bomb_is_what_it_claims():
    with pytest.raises(Image.DecompressionBombError):
        Image.open(BytesIO(png_bomb()))


def test_validate_upload_refuses_bomb_and_false_name_and_keeps_the_zip(zip_of_zeros):
    from django.core.exceptions import ValidationError

    from core.files import IMAGE_TYPES, validate_upload

    with pytest.raises(ValidationError) as bomb:
        validate_upload(bomb_file(), allowed_types=IMAGE_TYPES)
    assert bomb.value.code == "too_many_pixels"
    with pytest.raises(ValidationError) as named:
        validate_upload(png_as_pdf())
    assert named.value.code == "name_mismatch"
    archive = SimpleUploadedFile("bilagor.zip", zip_of_zeros, content_type="application/zip")
    assert validate_upload(archive) == "application/zip"
    assert archive.read() == zip_of_zeros  # read as bytes, never unpacked


def _needs_attachment(client, staff, upload):
    from needs.models import Need

    client.force_login(staff)
    response = client.post(
        reverse("needs:need-create"),
        {"title": "Golv", "problem": "Hala", "department": "it", "attachment": upload},
    )
    return response, [a.file.size for n in Need.objects.all() for a in n.attachments.all()]


@pytest.mark.parametrize("kind", ["bomb", "named_pdf"])
def test_need_attachment_refuses_bad_files(client, staff, kind):
    upload = bomb_file() if kind == "bomb" else png_as_pdf()
    response, stored = _needs_attachment(client, staff, upload)
    assert response.status_code in (200, 400)
    assert stored == []
    message = "megapixel" if kind == "bomb" else "matchar inte"
    assert message in response.content.decode()


def test_need_attachment_keeps_a_zip_bomb_unpacked(client, staff, zip_of_zeros):
    upload = SimpleUploadedFile("bilagor.zip", zip_of_zeros, content_type="application/zip")
    response, stored = _needs_attachment(client, staff, upload)
    assert response.status_code == 302
    assert stored == [len(zip_of_zeros)]


@pytest.fixture
def listing(ystad, staff):
    from tests.factories.sharing import ListingFactory, LocationFactory

    return ListingFactory(
        organization=ystad,
        created_by=staff,
        location=LocationFactory(organization=ystad, name="Stadshuset"),
        title="Kontorsstol",
    )


@pytest.mark.parametrize("kind", ["bomb", "named_pdf", "zip"])
def test_listing_photo_refuses_bad_files(client, staff, listing, kind, zip_of_zeros):
    from sharing.models import ListingPhoto

    upload = {
        "bomb": bomb_file,
        "named_pdf": png_as_pdf,
        "zip": lambda: SimpleUploadedFile("stol.zip", zip_of_zeros),
    }[kind]()
    client.force_login(staff)
    response = client.post(reverse("sharing:photo-add", args=[listing.pk]), {"photo": upload})
    assert response.status_code == 400
    assert not ListingPhoto.objects.exists()


@pytest.fixture
def tender(officer):
    from tests.factories.procurements import make_case, publish

    return publish(make_case(officer), officer)


@pytest.mark.parametrize("kind", ["bomb", "named_pdf"])
def test_bid_refuses_bad_files(client, tender, supplier_user, kind):
    from procurements.models import Bid, BidFile

    upload = bomb_file() if kind == "bomb" else png_as_pdf()
    client.force_login(supplier_user)
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {"text": "Lösning", "price_sek": "100", "files": [upload]},
    )
    assert response.status_code in (200, 400)
    assert not Bid.objects.exists() and not BidFile.objects.exists()


def test_bid_keeps_a_zip_bomb_sealed_and_unpacked(client, tender, supplier_user, zip_of_zeros):
    from procurements.models import Bid
    from procurements.services.bids import bid_file_bytes

    client.force_login(supplier_user)
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {
            "text": "Lösning",
            "price_sek": "100",
            "files": [SimpleUploadedFile("bilagor.zip", zip_of_zeros)],
        },
    )
    assert response.status_code == 302
    assert bid_file_bytes(Bid.objects.get().files.get()) == zip_of_zeros


@pytest.mark.parametrize("price", ["1e309", "1E+400", "100000000000000", "-1", "NaN", "Infinity"])
def test_bid_price_out_of_range_is_refused(client, tender, supplier_user, price):
    from procurements.models import Bid

    client.force_login(supplier_user)
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {"text": "Lösning", "price_sek": price},
    )
    assert response.status_code in (200, 400)
    assert not Bid.objects.exists()


def test_bid_price_just_below_the_limit_is_accepted(client, tender, supplier_user):
    from procurements.services.bids import bid_content

    client.force_login(supplier_user)
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {"text": "Lösning", "price_sek": "99999999999999.99"},
    )
    assert response.status_code == 302
    from procurements.models import Bid

    assert str(bid_content(Bid.objects.get())["price_sek"]) == "99999999999999.99"


@pytest.mark.parametrize("kind", ["bomb", "named_pdf"])
def test_tender_document_refuses_bad_files(client, officer, kind):
    from procurements.models import DocumentVersion
    from tests.factories.procurements import make_case, prepare_tender

    case = make_case(officer)
    prepare_tender(case, officer)
    client.force_login(officer)
    upload = bomb_file() if kind == "bomb" else png_as_pdf()
    response = client.post(
        reverse("procurements:document-upload", args=[case.pk]),
        {"title": "Förfrågningsunderlag", "file": upload},
    )
    assert response.status_code in (200, 400)
    assert not DocumentVersion.objects.exists()


@pytest.fixture
def file_rfi(officer, supplier_user, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from dialogue import services
    from tests.factories.dialogue import CaseFactory

    rfi = services.rfi_create(
        created_by=officer,
        anchor=CaseFactory(lead_organization=officer.organization),
        title="RFI",
        background="Bakgrund",
        need="Behov",
        deadline=timezone.now() + timedelta(days=5),
        invitation_mode="chosen",
        chosen_suppliers=[supplier_user.organization],
    )
    question = services.rfi_question_add(rfi=rfi, by=officer, text="Bilaga", kind="file")
    services.rfi_publish(rfi=rfi, by=officer)
    return rfi, question


@pytest.mark.parametrize("kind", ["bomb", "named_pdf", "zip"])
def test_rfi_answer_file(client, file_rfi, supplier_user, kind, zip_of_zeros, settings):
    from dialogue.models import RfiAnswer

    rfi, question = file_rfi
    upload = {
        "bomb": bomb_file,
        "named_pdf": png_as_pdf,
        "zip": lambda: SimpleUploadedFile("bilagor.zip", zip_of_zeros),
    }[kind]()
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:response-edit", args=[rfi.pk]),
        {f"q_{question.pk}": upload, "submit": "1"},
    )
    stored = [a.file.size for a in RfiAnswer.objects.exclude(file="")]
    if kind == "zip":
        assert response.status_code == 302
        assert stored == [len(zip_of_zeros)]
    else:
        assert response.status_code in (200, 400)
        assert stored == []
        # The refused file was not left behind in storage either.
        assert not list((settings.MEDIA_ROOT / "dialogue").rglob("*.*"))


@pytest.mark.parametrize("kind", ["bomb", "named_pdf"])
def test_activity_file_refuses_bad_files(client, officer, kind):
    from dialogue.models import ActivityFile
    from tests.factories.dialogue import ActivityFactory, CaseFactory

    activity = ActivityFactory(
        case=CaseFactory(lead_organization=officer.organization), created_by=officer
    )
    client.force_login(officer)
    upload = bomb_file() if kind == "bomb" else png_as_pdf()
    response = client.post(
        reverse("dialogue:activity-file-add", args=[activity.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert not ActivityFile.objects.exists()
