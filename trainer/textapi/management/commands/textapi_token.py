"""Print a new Bearer token for the embedded Text Training API."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trainer.textapi.services import token_create


class Command(BaseCommand):
    help = _("Create a token of the Text Training API for USERNAME and print it (shown once).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help=_("A name to recognise the token by."))

    def handle(self, *args, username: str, name: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(_("No user named %(username)s.") % {"username": username}) from exc
        _token, raw = token_create(user=user, name=name)
        self.stdout.write(raw)
