"""Uploads are never served as active content (issue #19, finding 12)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import serve_file, validate_upload


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sida.html", b"Hej hej, en vanlig rad.\n<script>alert(1)</script>\n"),
        ("anteckning.txt", b"Motesanteckningar\n<html><body onload=alert(1)>"),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("sida.htm", b"<!DOCTYPE html><title>x</title>"),
    ],
)
def test_active_content_is_refused(name, content):
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile(name, content))


def test_plain_text_is_still_accepted():
    assert validate_upload(SimpleUploadedFile("a.txt", b"Bara text, 3 < 4.\n")) == "text/plain"


def _stored(name: str, content: bytes):
    from django.db.models.fields.files import FieldFile

    path = default_storage.save(f"test/{name}", ContentFile(content))
    field = FieldFile(None, type("F", (), {"storage": default_storage})(), path)
    field.storage = default_storage
    return field


@pytest.mark.parametrize("as_attachment", [True, False])
def test_served_html_is_opaque_attachment_in_a_sandbox(as_attachment):
    response = serve_file(
        _stored("x.bin", b"<script>alert(1)</script>"),
        download_name="sida.html",
        as_attachment=as_attachment,
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_served_pdf_keeps_its_type_as_attachment():
    response = serve_file(_stored("y.bin", b"%PDF-1.4\n"), download_name="avtal.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
