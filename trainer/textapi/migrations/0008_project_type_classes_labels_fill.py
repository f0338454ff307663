"""Give every existing project its type, classes and labels, from what its labeling
sessions and models hold; nothing is changed or removed.

- type: the most common type among the project's labeling sessions (ties: the type
  of the oldest of them), else among its models, else CLASS;
- classes: the classes its sessions' documents carry (the sessions' ``class_counts``
  keys) and, for ABSA sessions, each span's aspect (``span["label"]``);
- labels: the ABSA spans' polarities and the other spans' labels (the tags
  ``serializers.document_json`` writes; :func:`trainer.textapi.tags.tag_names`).

Documents are read a session at a time, as an iterator, and only for sessions with spans.
"""

from collections import Counter

from django.db import migrations

from trainer.textapi.tags import tag_names

SPAN_TYPES = ("ABSA", "LABEL", "CLASSLABEL")
DEFAULT_TYPE = "CLASS"


def _most_common(types) -> str | None:
    counted = Counter(types).most_common(1)
    return counted[0][0] if counted else None


def fill(apps, schema_editor):
    TextProject = apps.get_model("textapi", "TextProject")
    LabelingSession = apps.get_model("textapi", "LabelingSession")
    Document = apps.get_model("textapi", "Document")
    TextModel = apps.get_model("textapi", "TextModel")
    ProjectClass = apps.get_model("textapi", "ProjectClass")
    ProjectLabel = apps.get_model("textapi", "ProjectLabel")
    for project in TextProject.objects.order_by("pk").iterator():
        sessions = list(
            LabelingSession.objects.filter(project=project)
            .order_by("created", "pk")
            .values_list("pk", "type", "class_counts")
        )
        model_types = (
            TextModel.objects.filter(project=project)
            .order_by("created", "pk")
            .values_list("type", flat=True)
        )
        project.type = (
            _most_common(kind for _pk, kind, _counts in sessions)
            or _most_common(model_types)
            or DEFAULT_TYPE
        )
        project.save(update_fields=["type"])
        classes, labels = set(), set()
        for pk, kind, class_counts in sessions:
            classes.update(class_counts or {})
            if kind not in SPAN_TYPES:
                continue
            spans_of_documents = (
                Document.objects.filter(session_id=pk)
                .order_by("pk")
                .values_list("spans", flat=True)
                .iterator(chunk_size=2000)
            )
            for spans in spans_of_documents:
                found_classes, found_labels = tag_names(type=kind, classes=(), spans=spans or ())
                classes |= found_classes
                labels |= found_labels
        ProjectClass.objects.bulk_create(
            [ProjectClass(project=project, name=name) for name in sorted(classes)],
            ignore_conflicts=True,
        )
        ProjectLabel.objects.bulk_create(
            [ProjectLabel(project=project, name=name) for name in sorted(labels)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("textapi", "0007_project_type_classes_labels")]

    # Backwards: the rows and the field go with 0007; nothing else was changed.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
