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
from django.utils import timezone, translation


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

    Every PDF is tagged (a structure tree for screen readers, DOS-lagen) with its language
    (`/Lang` from `<html lang>`), title, author and creation date in the metadata. Without
    a variant it claims PDF/UA-1; `pdf_variant="pdf/a-3b"` produces a tagged PDF/A (with
    its sRGB output intent) for decisions, individual and portfolio reports.
    """
    from weasyprint import HTML

    created = timezone.localtime().replace(microsecond=0).isoformat()
    with translation.override(language):
        html = render_to_string(
            template, {**context, "LANGUAGE_CODE": language, "pdf_created": created}
        )
    document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher_class()())
    document = document.render(pdf_tags=True)
    document.metadata.lang = document.metadata.lang or language
    document.metadata.created = document.metadata.created or created
    document.metadata.modified = document.metadata.modified or created
    if not document.metadata.generator:
        document.metadata.generator = "Samverka (WeasyPrint)"
    return document.write_pdf(pdf_variant=pdf_variant or "pdf/ua-1", pdf_tags=True)


def pdf_text(data: bytes) -> str:
    """All text of a PDF (for tests and search)."""
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
