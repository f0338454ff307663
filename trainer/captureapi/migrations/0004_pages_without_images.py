"""Pages are no longer kept as images (nothing serves them: a client renders pages
from the file); the images already stored are deleted."""

from django.db import migrations


def delete_page_images(apps, schema_editor):
    Page = apps.get_model("captureapi", "Page")
    for page in Page.objects.exclude(image="").iterator():
        page.image.delete(save=False)


class Migration(migrations.Migration):
    dependencies = [
        ("captureapi", "0003_task_verification_and_export"),
    ]

    operations = [
        migrations.RunPython(delete_page_images, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="page", name="image"),
    ]
