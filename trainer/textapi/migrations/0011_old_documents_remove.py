"""The vendor's document, part 3: the old shape's fields go (0010 moved their data), with a
session's language and the upload's format, which the vendor does not have: a model's
language is given when it is trained, a file's format is told by its content or name."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("textapi", "0010_vendor_documents_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="labelingsession",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="UUID"
            ),
        ),
        migrations.RemoveField(
            model_name="labelingsession",
            name="upload_format",
        ),
        migrations.RemoveField(
            model_name="document",
            name="classes",
        ),
        migrations.RemoveField(
            model_name="document",
            name="spans",
        ),
        migrations.RemoveField(
            model_name="labelingsession",
            name="class_counts",
        ),
        migrations.RemoveField(
            model_name="labelingsession",
            name="label_count",
        ),
        migrations.RemoveField(
            model_name="labelingsession",
            name="language",
        ),
    ]
