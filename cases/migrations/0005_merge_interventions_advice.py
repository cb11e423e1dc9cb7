# Joins the two parallel migrations of issue 8 (interventions; advice log and guarantee).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_advice_guarantee"),
        ("cases", "0004_interventions"),
    ]

    operations: list[migrations.operations.base.Operation] = []
