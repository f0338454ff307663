"""A mirrored labeling session's ``classes`` become the names the service lists (the
vendor's LabelingSession), from the ``{class: documents}`` this dashboard read before:
the classes that had documents, sorted. 0016 drops what the vendor does not send."""

from django.db import migrations


def class_names(apps, schema_editor):
    LabelingSession = apps.get_model("dashboard", "LabelingSession")
    for session in LabelingSession.objects.exclude(classes=[]).only("classes").iterator():
        if isinstance(session.classes, dict):
            session.classes = sorted(name for name, count in session.classes.items() if count)
            session.save(update_fields=["classes"])


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0015_project_types_and_changes_in_the_audit_log")]

    # Backwards: names cannot be counted again; the next sync of a project fills them.
    operations = [migrations.RunPython(class_names, migrations.RunPython.noop)]
