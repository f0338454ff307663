"""Labeling sessions gain a status (with the vendor's names), the progress and error
of an upload imported in the background, and their documents per class, counted
here once for the sessions that exist (which are all FINISHED)."""

from collections import Counter

from django.db import migrations, models


def count_classes(apps, schema_editor):
    LabelingSession = apps.get_model("textapi", "LabelingSession")
    Document = apps.get_model("textapi", "Document")
    for session in LabelingSession.objects.only("pk").iterator():
        counts = Counter(
            name
            for classes in Document.objects.filter(session_id=session.pk)
            .values_list("classes", flat=True)
            .iterator()
            for name in classes or ()
        )
        if counts:
            LabelingSession.objects.filter(pk=session.pk).update(
                class_counts=dict(sorted(counts.items()))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("textapi", "0004_model_attempts"),
    ]

    operations = [
        migrations.AddField(
            model_name="labelingsession",
            name="class_counts",
            field=models.JSONField(blank=True, default=dict, verbose_name="documents per class"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="status",
            field=models.CharField(
                choices=[
                    ("CREATED", "created"),
                    ("STARTED", "started"),
                    ("ANNOTATING", "annotating"),
                    ("FAILED", "failed"),
                    ("FINISHED", "finished"),
                    ("SAMPLING", "sampling"),
                    ("PREDICTING", "predicting"),
                    ("DELETING", "deleting"),
                ],
                default="FINISHED",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="progress",
            field=models.FloatField(default=100.0, verbose_name="progress"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="upload_file",
            field=models.CharField(blank=True, max_length=200, verbose_name="uploaded file"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="upload_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="upload_format",
            field=models.CharField(blank=True, max_length=16, verbose_name="file format"),
        ),
        migrations.RunPython(count_classes, migrations.RunPython.noop),
    ]
