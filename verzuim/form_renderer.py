"""The form renderer: Django's own Jinja2 templates for the built-in widgets, the Django template language for
everything else.

Rendering a widget through the Django template language costs about 0.3 ms; a case page has some 27 of them
(a completion form per step, the intervention and advice forms), a quarter of its time (bench/RESULTS.md).
Django ships the same widget templates for Jinja2 (django/forms/jinja2), which render the same HTML several
times faster. Templates that exist only for the Django template language (the admin's widgets, any of ours)
are found there as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FastWidgetRenderer(BaseRenderer):
    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
