"""Register a new application of the embedded Capture API and print its credentials."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from trainer.captureapi.services import application_create


class Command(BaseCommand):
    help = _(
        "Create an application of the Capture API named NAME and print its id and token "
        "(the token is shown once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name: str, **options):
        application, raw = application_create(name=name)
        self.stdout.write(f"CAPTURE_API_APP_ID={application.app_id}")
        self.stdout.write(f"CAPTURE_API_TOKEN={raw}")
