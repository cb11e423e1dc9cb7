"""The admin where it stays (issue 21 item 5), without a browser: the catalogue that gives django-axes Dutch names
is compiled, the admin index has no English model names, and only /admin/ widens the CSP (for its inline styles)."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from verzuim.models import Role, User

CATALOGUE = Path(settings.BASE_DIR) / "verzuim" / "locale" / "nl" / "LC_MESSAGES"


def test_the_compiled_catalogue_holds_every_translation_of_the_po_file() -> None:
    """`make messages` compiles django.po into django.mo; a .po edited without compiling fails here."""
    with (CATALOGUE / "django.po").open("rb") as po_file:
        po = {message.id: message.string for message in read_po(po_file, locale="nl") if message.id}
    with (CATALOGUE / "django.mo").open("rb") as mo_file:
        mo = gettext.GNUTranslations(mo_file)
    assert po
    assert {msgid: mo.gettext(msgid) for msgid in po} == po


@pytest.mark.django_db
def test_the_admin_index_shows_no_english_model_or_section_names(
    staff_login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    page = staff_login(admin).get("/admin/").content.decode()
    for dutch in ("Inlogbeveiliging", "Mislukte inlogpogingen", "Logboek mislukte inlogs", "Aanmeldingen"):
        assert dutch in page
    assert "Authenticator-apps" in page
    for english in ("Access attempts", "Access failures", "Access logs", "TOTP devices", "Otp_Totp", ">Axes<"):
        assert english not in page


@pytest.mark.django_db
def test_only_the_admin_allows_inline_styles(
    staff_login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    client = staff_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    admin_policy = client.get("/admin/")["Content-Security-Policy"]
    portal_policy = client.get("/")["Content-Security-Policy"]
    # The header's directive order is not fixed (django-csp builds it from a set): compare directive by directive.
    admin_directives = dict(d.strip().split(" ", 1) for d in admin_policy.split(";") if d.strip())
    assert admin_directives["style-src"] == "'self' 'unsafe-inline'"
    assert admin_directives["script-src"] == "'self'"  # scripts stay strict in the admin too
    assert "unsafe-inline" not in portal_policy
