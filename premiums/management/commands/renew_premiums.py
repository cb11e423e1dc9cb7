"""`manage.py renew_premiums --year YYYY`: draft the year's premium for every policy that lacks one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from premiums import parameters, services


class Command(BaseCommand):
    help = "Calculate the premium of the given year for every policy in force without one (drafts for review)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="premium year, e.g. 2027")
        parser.add_argument(
            "--batch-size", type=int, default=services.RENEWAL_BATCH_SIZE, help="policies per batch (memory)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be between 2000 and 2100")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = services.premium_renew(year=year, batch_size=options["batch_size"])
        except parameters.ParametersUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Premium renewal {year}: {report.created} calculations drafted for review.")
        for problem in report.problems:
            self.stderr.write(f"Not calculated: {problem}")
