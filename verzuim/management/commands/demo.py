"""`manage.py demo`: load the demo data of docs/api.md (idempotent) and print the logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from verzuim.site.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo employers, employees and users, and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--codes",
            action="store_true",
            help="Only print the current TOTP code of each demo staff user (development).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data is for development and test machines only (DJANGO_ENV=production).")
        if options["codes"]:
            for device in TOTPDevice.objects.filter(user__email__endswith="@demo.nl", confirmed=True).select_related(
                "user"
            ):
                code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
                self.stdout.write(f"{device.user.email:<24} {code:0{device.digits}d}")
            return
        logins = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Password for every user: {settings.DEMO_PASSWORD}"))
        for login in logins:
            line = f"  {login.email:<24} {login.role:<18} {login.employer}"
            if login.totp_secret:
                line += f"TOTP secret {login.totp_secret}"
            self.stdout.write(line.rstrip())
        self.stdout.write(
            "Staff users log in with a TOTP code: add the secret to an authenticator app, "
            "or run `python manage.py demo --codes` (or `make codes`) for the current codes."
        )
