"""The portal's look is NL Design System (issue 20 item 6, docs/decisions.md item 229): the vendored
@utrecht/component-library-css in the cascade layer nlds, the verzuim theme's tokens, and component classes in the
templates instead of ad-hoc ones."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from verzuim.scripts import vendor_nlds

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC = Path(settings.BASE_DIR) / "verzuim" / "static"
# The admin keeps Django's own look; PDFs and e-mails have their own stylesheets.
OWN_LOOK = {"admin", "pdf", "email"}
TAG = re.compile(r"<(a|button|input)\b[^>]*?\bclass=\"([^\"]*)\"", re.S)
BUTTON_TAG = re.compile(r"<button\b[^>]*>", re.S)


def portal_templates() -> list[Path]:
    paths = [path for path in TEMPLATES.rglob("*.html") if not OWN_LOOK & set(path.relative_to(TEMPLATES).parts)]
    assert len(paths) > 100
    return sorted(paths)


def test_no_portal_template_uses_the_old_ad_hoc_button_classes() -> None:
    old = {"button", "button-secondary"}
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}"
        for path in portal_templates()
        for match in TAG.finditer(path.read_text(encoding="utf-8"))
        if old & set(match.group(2).split())
    ]
    assert found == []


def test_every_button_of_the_portal_is_an_nl_design_system_button() -> None:
    plain = [
        f"{path.relative_to(TEMPLATES)}: {tag[:80]}"
        for path in portal_templates()
        for tag in BUTTON_TAG.findall(path.read_text(encoding="utf-8"))
        if "utrecht-button" not in tag and "utrecht-link-button" not in tag
    ]
    assert plain == []


def test_the_base_page_loads_the_library_then_the_theme_then_the_portal_sheet() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    sheets = re.findall(r"<link rel=\"stylesheet\" href=\"\{% static '([^']+)' %\}\">", base)
    assert sheets == ["vendor/utrecht/utrecht.css", "verzuim/theme.css", "verzuim/portal.css"]
    assert '<body class="utrecht-document utrecht-document--surface verzuim-theme">' in base
    assert '<main id="inhoud" class="utrecht-html wrap"' in base


def test_the_vendored_bundle_is_the_pinned_release_inside_the_nlds_layer_with_its_licence() -> None:
    bundle = (STATIC / "vendor" / "utrecht" / "utrecht.css").read_text(encoding="utf-8")
    first_line = bundle.splitlines()[0]
    assert first_line.startswith(f"/* {vendor_nlds.PACKAGE} {vendor_nlds.VERSION} (EUPL-1.2")
    body = bundle[bundle.index("@layer nlds {") :]
    assert body.rstrip().endswith("}")
    assert "@charset" not in bundle
    assert "@import" not in bundle
    assert "European Union Public Licence" in (STATIC / "vendor" / "utrecht" / "LICENSE.md").read_text(encoding="utf-8")


def test_the_bundle_wraps_both_stylesheets_in_the_layer_and_drops_their_charset() -> None:
    assert vendor_nlds.bundle('@charset "UTF-8";\n.a { x: 1 }', ".b { y: 2 }").split("\n", 2)[2] == (
        "@layer nlds {\n.a { x: 1 }\n.b { y: 2 }\n}\n"
    )


def test_the_theme_sets_only_tokens_the_library_reads() -> None:
    """A misspelt token silently does nothing; every --utrecht-* the theme sets is one the bundle uses."""
    bundle = (STATIC / "vendor" / "utrecht" / "utrecht.css").read_text(encoding="utf-8")
    used = set(re.findall(r"var\((--utrecht-[a-z0-9-]+)", bundle))
    theme = (STATIC / "verzuim" / "theme.css").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^\s*(--utrecht-[a-z0-9-]+):", theme, re.M))
    assert len(assigned) > 150
    assert assigned - used == set()
