"""A Dutch name for the section that django-axes gives the admin (issue 21 item 5): the admin's index shows an app's
``verbose_name``, which axes leaves as "Axes". A subclass of its AppConfig in INSTALLED_APPS changes the name only;
the app label, models and migrations stay axes' own. (django-otp's TOTP devices are shown through a proxy in the
portal's own section, verzuim.models.AuthenticatorDevice, so its section no longer appears.)"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Inlogbeveiliging")
