"""The outbox's foreign key into cases goes; 0008 put every row's step into its generic reference."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("verzuim", "0008_notification_step_reference"),
    ]

    operations = [
        migrations.RemoveField(model_name="notification", name="step"),
    ]
