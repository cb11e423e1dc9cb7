"""The 2026 premium parameters (data in premiums/seed.py). Later years are new sets made in the admin."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from premiums.seed import VALID_FROM, seed


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("premiums", "ParameterSet").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("premiums", "0003_premium_parameters_and_calculations")]

    operations = [migrations.RunPython(seed, unseed)]
