"""The vendor's document, part 1: segments and their tags get tables of their own, a
document and a session their new fields. 0010 moves the data, 0011 drops the old fields."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("textapi", "0008_project_type_classes_labels_fill"),
    ]

    operations = [
        # Unique once 0010 gave every existing session its own.
        migrations.AddField(
            model_name="labelingsession",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, null=True, verbose_name="UUID"
            ),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="finished",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.AddField(
            model_name="document",
            name="status",
            field=models.CharField(
                choices=[("NOT_ANNOTATED", "not annotated"), ("ANNOTATED", "annotated")],
                default="NOT_ANNOTATED",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="classes",
            field=models.JSONField(blank=True, default=list, verbose_name="classes"),
        ),
        migrations.AddField(
            model_name="labelingsession",
            name="labels",
            field=models.JSONField(blank=True, default=list, verbose_name="labels"),
        ),
        migrations.CreateModel(
            name="Segment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.PositiveIntegerField(verbose_name="start")),
                ("end", models.PositiveIntegerField(verbose_name="end")),
                (
                    "status",
                    models.CharField(
                        choices=[("NOT_ANNOTATED", "not annotated"), ("ANNOTATED", "annotated")],
                        default="NOT_ANNOTATED",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="segments",
                        to="textapi.document",
                        verbose_name="document",
                    ),
                ),
            ],
            options={
                "verbose_name": "segment",
                "verbose_name_plural": "segments",
                "ordering": ["document_id", "start", "end", "id"],
            },
        ),
        migrations.CreateModel(
            name="SegmentTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("class_name", models.TextField(blank=True, verbose_name="class")),
                ("label_name", models.TextField(blank=True, verbose_name="label")),
                (
                    "segment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tags",
                        to="textapi.segment",
                        verbose_name="segment",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag",
                "verbose_name_plural": "tags",
                "ordering": ["segment_id", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="segment",
            constraint=models.CheckConstraint(
                condition=models.Q(("end__gt", models.F("start"))), name="textapi_segment_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="segmenttag",
            constraint=models.CheckConstraint(
                condition=models.Q(("class_name", ""), ("label_name", ""), _negated=True),
                name="textapi_tag_not_empty",
            ),
        ),
    ]
