"""Insurer staff edit the premium parameters in the admin (issue 7): existing insurer users get is_staff."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    apps.get_model("verzuim", "User").objects.filter(role="insurer").update(is_staff=True)


def revoke(apps: Any, schema_editor: Any) -> None:
    apps.get_model("verzuim", "User").objects.filter(role="insurer", is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("verzuim", "0004_notifications")]

    operations = [migrations.RunPython(grant, revoke)]
