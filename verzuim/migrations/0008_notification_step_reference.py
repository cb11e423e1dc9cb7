"""The outbox refers to a step by its generic reference (object_type "step", object_id the step's id) only: the
foreign key into cases goes. Every row keeps its reference: the step reminders always wrote both, and any row
whose generic reference differs from its step is set to it here; 0009 drops the column (a migration of its own, so
PostgreSQL never alters the table in the transaction that updated its rows)."""

from django.db import migrations, models
from django.db.models.functions import Cast


def step_into_object_reference(apps, schema_editor):
    Notification = apps.get_model("verzuim", "Notification")
    step_ref = Cast("step_id", output_field=models.CharField(max_length=64))
    (
        Notification.objects.filter(step__isnull=False)
        .exclude(object_type="step", object_id=step_ref)
        .update(object_type="step", object_id=step_ref)
    )


def object_reference_into_step(apps, schema_editor):
    Notification = apps.get_model("verzuim", "Notification")
    Step = apps.get_model("cases", "Step")
    rows = Notification.objects.filter(object_type="step").values_list("pk", "object_id")
    by_step: dict[int, list[int]] = {}
    for pk, object_id in rows.iterator():
        if object_id.isdigit():
            by_step.setdefault(int(object_id), []).append(pk)
    existing = set(Step.objects.filter(pk__in=list(by_step)).values_list("pk", flat=True))
    for step_id in existing:
        Notification.objects.filter(pk__in=by_step[step_id]).update(step_id=step_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("verzuim", "0007_password_reset_outbox"),
    ]

    operations = [
        migrations.RunPython(step_into_object_reference, object_reference_into_step, elidable=False),
    ]
