"""Django's ``makemessages`` for this repository: the product's strings only (not
the tests' nor anything under ``var/``), each catalog entry located by file, not
by line, so a catalog changes only when its messages do.

``python manage.py makemessages -l de -l fr`` updates ``trainer/locale``."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    NOT_THE_PRODUCT = ["tests/*", "var/*", "build/*"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *self.NOT_THE_PRODUCT]
        options["add_location"] = options["add_location"] or "file"
        return super().handle(*args, **options)
