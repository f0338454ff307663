"""A mirrored labeling session keeps what the vendor's LabelingSession says: no
language (a model's language is chosen when it is trained), no owner's name (the vendor
sends a user id), and its label names instead of a count of labels (filled by the next
sync of its project)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0016_session_class_names")]

    operations = [
        migrations.RemoveField(model_name="labelingsession", name="language"),
        migrations.RemoveField(model_name="labelingsession", name="owner"),
        migrations.AlterField(
            model_name="labelingsession",
            name="classes",
            field=models.JSONField(blank=True, default=list, verbose_name="classes"),
        ),
        migrations.RemoveField(model_name="labelingsession", name="labels"),
        migrations.AddField(
            model_name="labelingsession",
            name="labels",
            field=models.JSONField(blank=True, default=list, verbose_name="labels"),
        ),
    ]
