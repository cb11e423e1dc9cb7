"""The one door for PDF documents: a template rendered to HTML and that HTML to PDF, both returned.

WeasyPrint lives here only. Each app builds its own documents (what they say, who may read them) and hands the
template and its context to `render_document`: cases.dossier.pdf (re-integration report, 42nd-week worksheet),
cases.income.pdf (income handout), premiums.pdf (premium notice), complaints.pdf (letters and reports).

WeasyPrint is imported when the first document is rendered: the import costs about a second, which the web
and Celery processes should not pay at start-up for a page they may never serve.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

logger = logging.getLogger(__name__)

# Tagged PDF for screen readers (PDF/UA-1); WeasyPrint calls its support experimental, hence the fall-back.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedDocument:
    html: str
    pdf: bytes
    variant: str  # the PDF variant produced: PDF_VARIANT, or "" when WeasyPrint fell back to a plain PDF


def _write_pdf(html: str, variant: str | None) -> tuple[bytes, str]:
    # Imported here, not at the top: see the module docstring.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing is fetched: the templates carry their CSS inline and there are no images, so a URL in user content
    # (escaped anyway) can never make the server call out.
    source = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    document = source.render()
    attempts: list[tuple[str, dict[str, Any]]] = []
    if variant:
        attempts.append((variant, {"pdf_variant": variant}))
    attempts.append(("", {"pdf_tags": True}))
    for produced, options in attempts:
        try:
            return document.write_pdf(**options), produced
        except Exception:  # WeasyPrint's variants are experimental: a failing one must not cost the document
            logger.warning("PDF output with %s failed; falling back", options, exc_info=True)
    return document.write_pdf(), ""


def render_document(
    *, template_name: str, context: Mapping[str, Any], variant: str | None = PDF_VARIANT
) -> RenderedDocument:
    """Render ``template_name`` to HTML and that HTML to PDF; tagged as ``variant`` when WeasyPrint manages it."""
    html = render_to_string(template_name, dict(context))
    pdf, produced = _write_pdf(html, variant)
    return RenderedDocument(html=html, pdf=pdf, variant=produced)


def pdf_response(rendered: RenderedDocument, *, filename: str) -> HttpResponse:
    """The PDF as a download that no cache keeps (documents are personal or confidential)."""
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_filename(kind: str, person: str, day: dt.date) -> str:
    """The download name of a document about a person: ``<kind>-<person-slug>-<yyyy-mm-dd>.pdf``."""
    return f"{kind}-{slugify(person) or 'werknemer'}-{day:%Y-%m-%d}.pdf"
