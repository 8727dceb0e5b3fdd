"""PDF rendering: template -> HTML -> WeasyPrint bytes, in a given language.

The URL fetcher serves only our own static files (and data: URIs); every other URL,
including file:// paths and remote hosts, is refused, so untrusted text in a report can
never make the renderer fetch anything.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation


class RefusedURL(ValueError):
    pass


def _static_path(url: str) -> str | None:
    """The local file behind a static URL (`/static/x`, `file:///static/x`), else None."""
    for prefix in ("file:///static/", "file://static/", "/static/", settings.STATIC_URL):
        if prefix and url.startswith(prefix):
            relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0].lstrip("/")
            if not relative or ".." in Path(relative).parts:
                return None
            return finders.find(relative)
    return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """Only data: URIs and our own static files; every other URL is refused."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path:
                mime, _encoding = mimetypes.guess_type(path)
                return URLFetcherResponse(
                    url,
                    body=Path(path).read_bytes(),
                    headers={"Content-Type": mime or "application/octet-stream"},
                )
            raise RefusedURL(f"Refused to fetch {url!r} while rendering a PDF")

    return SafeURLFetcher


def render_pdf(
    template: str, context: dict, *, language: str = "sv", pdf_variant: str | None = None
) -> bytes:
    """Render `template` with `context` in `language` and return the PDF bytes.

    `pdf_variant="pdf/a-3b"` produces PDF/A for decisions and individual reports.
    """
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher_class()())
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return document.write_pdf(**options)


def pdf_text(data: bytes) -> str:
    """All text of a PDF (for tests and search)."""
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
