"""The income conversation gets the employee's weekly hours and date of birth (the year-one minimum-wage floor of
cases/income/rules.py). A conversation recorded before took them from the employee of its case, as the form now
fills them in."""

from django.db import migrations, models


def from_the_employee(apps, schema_editor):
    IncomeConversation = apps.get_model("cases", "IncomeConversation")
    for conversation in IncomeConversation.objects.select_related("case__employee").filter(weekly_hours__isnull=True):
        employee = conversation.case.employee
        conversation.weekly_hours = employee.weekly_hours
        conversation.date_of_birth = employee.date_of_birth
        conversation.save(update_fields=["weekly_hours", "date_of_birth"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_income_work_history_before_2016"),
    ]

    operations = [
        migrations.AddField(
            model_name="incomeconversation",
            name="weekly_hours",
            field=models.DecimalField(decimal_places=2, max_digits=4, null=True, verbose_name="uren per week"),
        ),
        migrations.AddField(
            model_name="incomeconversation",
            name="date_of_birth",
            field=models.DateField(blank=True, null=True, verbose_name="geboortedatum"),
        ),
        migrations.RunPython(from_the_employee, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="incomeconversation",
            name="weekly_hours",
            field=models.DecimalField(decimal_places=2, max_digits=4, verbose_name="uren per week"),
        ),
        migrations.AddConstraint(
            model_name="incomeconversation",
            constraint=models.CheckConstraint(
                condition=models.Q(("weekly_hours__gt", 0), ("weekly_hours__lte", 60)), name="income_weekly_hours_range"
            ),
        ),
    ]
