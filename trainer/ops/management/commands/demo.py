"""Demo data for a newcomer's first run: users, a project, labeled data, a base model.

Seeds the embedded service and the dashboard side by side (the one place that
may: see ``trainer/ops/__init__.py``). Idempotent: running it again changes
nothing but the demo users' passwords.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from trainer.dashboard import services as dashboard
from trainer.dashboard.models import Role as DashboardRole
from trainer.dashboard.tasks import projects_sync_all
from trainer.ops.demo_data import DEMO_BASE, DEMO_SESSIONS, support_messages
from trainer.textapi import services as textapi
from trainer.textapi.models import LabelingSession, Role, TextProject

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo login, refused without DEBUG or --yes
PROJECT_NAME = "Customer support"
SERVICE_ACCOUNT = "trainer-dashboard"


class Command(BaseCommand):
    help = "Create the demo users, project, labeling sessions and base model (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Create the demo users with a known password even when DEBUG is off.",
        )

    def handle(self, *args, yes: bool, **options):
        if not (settings.DEBUG or yes):
            raise CommandError(
                _("The demo users have a published password; with DEBUG off, pass --yes.")
            )
        with transaction.atomic():
            manager, viewer, service_account = self._users()
            project = self._service_side(manager, viewer, service_account)
            self._dashboard_side(project, manager, viewer)
        self.stdout.write(_("Training the demo base model…"))
        name, display_name, count, seed = DEMO_BASE
        base = textapi.base_model_train(
            name=name,
            display_name=display_name,
            type="CLASS",
            language="en",
            documents=support_messages(count=count, seed=seed),
            owner=service_account,
        )
        self.stdout.write(
            _("Base model %(name)s: %(status)s") % {"name": name, "status": base.status}
        )
        projects_sync_all.delay()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo logins (password “%(password)s”): "
                    "demo-manager (manager), demo-viewer (read-only)"
                )
                % {"password": DEMO_PASSWORD}
            )
        )

    def _users(self):
        users = get_user_model()
        accounts = []
        for username in ("demo-manager", "demo-viewer"):
            user, _created = users.objects.get_or_create(username=username)
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            accounts.append(user)
        service_account, created = users.objects.get_or_create(username=SERVICE_ACCOUNT)
        if created:
            service_account.set_unusable_password()
            service_account.save(update_fields=["password"])
        textapi.token_create(user=service_account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
        return (*accounts, service_account)

    def _service_side(self, manager, viewer, service_account) -> TextProject:
        project = TextProject.objects.filter(name=PROJECT_NAME).first() or textapi.project_create(
            name=PROJECT_NAME,
            description=_("Sort incoming support messages by topic."),
        )
        textapi.member_set(project=project, user=service_account, role=Role.MANAGER)
        textapi.member_set(project=project, user=manager, role=Role.MANAGER)
        textapi.member_set(project=project, user=viewer, role=Role.READ_ONLY)
        for name, count, seed in DEMO_SESSIONS:
            if not LabelingSession.objects.filter(project=project, name=name).exists():
                textapi.labeling_session_create(
                    project=project,
                    name=name,
                    type="CLASS",
                    language="en",
                    owner=manager,
                    documents=support_messages(count=count, seed=seed),
                )
        return project

    def _dashboard_side(self, remote: TextProject, manager, viewer) -> None:
        project = dashboard.project_register(
            remote_id=remote.pk, name=remote.name, description=remote.description
        )
        dashboard.membership_set(project=project, user=manager, role=DashboardRole.MANAGER)
        dashboard.membership_set(project=project, user=viewer, role=DashboardRole.READ_ONLY)
