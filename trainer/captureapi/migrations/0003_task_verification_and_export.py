"""The vendor's task flow: a task waiting for a person carries a verification id, a
Done document its JSON export file, and tasks start Submitted (New ones waiting for
a worker become Submitted)."""

import django.db.models.deletion
from django.db import migrations, models


def new_to_submitted(apps, schema_editor):
    apps.get_model("captureapi", "CaptureTask").objects.filter(status="New").update(
        status="Submitted"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("captureapi", "0002_task_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="capturetask",
            name="verification_id",
            field=models.CharField(blank=True, max_length=32, verbose_name="verification id"),
        ),
        migrations.AddField(
            model_name="taskdocument",
            name="export",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="captureapi.storedfile",
                verbose_name="export file",
            ),
        ),
        migrations.RunPython(new_to_submitted, migrations.RunPython.noop),
    ]
