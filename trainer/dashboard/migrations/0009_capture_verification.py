"""A capture document waiting for a person keeps its task's verification id, and
whether the dashboard's own page finishes the verification."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0008_capture_source_and_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="capturedocument",
            name="verification_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="verification id"),
        ),
        migrations.AddField(
            model_name="capturedocument",
            name="verify_here",
            field=models.BooleanField(default=False, verbose_name="verified on the dashboard"),
        ),
    ]
