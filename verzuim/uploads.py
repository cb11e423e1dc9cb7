"""What every PDF upload of the portal is checked against: the file's first bytes, never its name or the browser's
claim (ISO 32000-1 §7.5.2, the file header). The dossier's reports, the complaints' attachments and the messages'
attachments all accept PDF only (docs/decisions.md item 261)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

# What a PDF file starts with (ISO 32000-1 §7.5.2, the file header).
PDF_MAGIC = b"%PDF-"


def upload_is_pdf(upload: UploadedFile) -> bool:
    """Whether the upload starts like a PDF; the file is left at its start for whoever stores it."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    return head == PDF_MAGIC
