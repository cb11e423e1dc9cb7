"""Employees sort by surname without prefix ("van den Berg" under B): a stored sort key, filled for existing rows."""

from typing import Any

from django.db import migrations, models

from verzuim.names import sort_name


def fill_sort_names(apps: Any, schema_editor: Any) -> None:
    Employee = apps.get_model("verzuim", "Employee")
    batch = []
    for employee in Employee.objects.only("pk", "first_name", "last_name").iterator(chunk_size=2000):
        employee.sort_name = sort_name(employee.last_name, employee.first_name)
        batch.append(employee)
        if len(batch) >= 2000:
            Employee.objects.bulk_update(batch, ["sort_name"])
            batch = []
    Employee.objects.bulk_update(batch, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("verzuim", "0010_outgoing_mail"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="employee",
            options={
                "ordering": ["sort_name", "personnel_number"],
                "verbose_name": "werknemer",
                "verbose_name_plural": "werknemers",
            },
        ),
        migrations.RemoveIndex(
            model_name="employee",
            name="verzuim_emp_employe_2f8185_idx",
        ),
        migrations.AddField(
            model_name="employee",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=300, verbose_name="sorteernaam"),
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["employer", "sort_name"], name="verzuim_emp_employe_a71b9c_idx"),
        ),
    ]
