"""Demo data for a newcomer's first run: users, a project of each model type with its
labeled data, base models, and a first trained model.

Seeds the embedded service and the dashboard side by side (the one place that
may: see ``trainer/ops/__init__.py``), trains the service's base models (one
or more per model type, see ``BASE_MODELS``) and the first project's first model.
Idempotent: running it again changes nothing but the demo users' passwords (and
trains again a base model whose file is missing or outdated).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from trainer.captureapi import services as captureapi
from trainer.dashboard.capture import services as dashboard_capture
from trainer.dashboard.models import Role as DashboardRole
from trainer.dashboard.tasks import projects_sync_all
from trainer.dashboard.text import services as dashboard
from trainer.dashboard.text import sync as dashboard_sync
from trainer.ops.demo_data import BASE_MODELS, DEMO_PROJECTS, DemoProject
from trainer.textapi import labeling
from trainer.textapi import services as textapi
from trainer.textapi.models import LabelingSession, Role, TextModel, TextProject

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo login, refused without DEBUG or --yes
SERVICE_ACCOUNT = "trainer-dashboard"
# The demo document type of the capture service and its fields (name, required).
INVOICE_FIELDS = [
    ("Root/Invoice Layout/InvoiceNumber", True),
    ("Root/Invoice Layout/InvoiceDate", True),
    ("Root/Invoice Layout/DueDate", False),
    ("Root/Invoice Layout/Customer", True),
    ("Root/Invoice Layout/Total", True),
]


class Command(BaseCommand):
    help = (
        "Create the demo users, a project of each model type with labeling sessions, "
        "the base models and a first trained model (idempotent)."
    )

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
            projects = [
                self._service_side(demo, manager, viewer, service_account) for demo in DEMO_PROJECTS
            ]
            for project in projects:
                self._dashboard_side(project, manager, viewer)
            self._capture_side(manager, viewer)
        self.stdout.write(_("Training the base models…"))
        for name, display_name, model_type, language, documents in BASE_MODELS:
            base = textapi.base_model_train(
                name=name,
                display_name=display_name,
                type=model_type,
                language=language,
                documents=documents(),
                owner=service_account,
            )
            self.stdout.write(
                _("Base model %(name)s: %(status)s, score %(score)s")
                % {"name": name, "status": base.status, "score": base.score}
            )
        for demo, project in zip(DEMO_PROJECTS, projects, strict=True):
            if demo.first_model:
                self._first_model(project, str(demo.first_model), manager)
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
            user.email = f"{username}@example.com"  # their log-in at the text API
            user.save(update_fields=["password", "email"])
            accounts.append(user)
        service_account, created = users.objects.get_or_create(username=SERVICE_ACCOUNT)
        if created:
            service_account.set_unusable_password()
            service_account.save(update_fields=["password"])
        textapi.token_create(user=service_account, name="dashboard", raw=settings.TRAINER_API_TOKEN)
        return (*accounts, service_account)

    def _service_side(self, demo: DemoProject, manager, viewer, service_account) -> TextProject:
        project = TextProject.objects.filter(name=demo.name).first() or textapi.project_create(
            name=demo.name, type=demo.type, description=str(demo.description)
        )
        textapi.member_set(project=project, user=service_account, role=Role.MANAGER)
        textapi.member_set(project=project, user=manager, role=Role.MANAGER)
        textapi.member_set(project=project, user=viewer, role=Role.READ_ONLY)
        for name, documents in demo.sessions:
            if not LabelingSession.objects.filter(project=project, name=name).exists():
                labeling.labeling_session_create(
                    project=project, name=name, owner=manager, documents=documents()
                )
        return project

    def _first_model(self, project: TextProject, display_name: str, manager) -> None:
        """Train a first model of ``project`` on its first two sessions (split by the
        service), unless it has one: a newcomer finds a READY model to try."""
        if TextModel.objects.filter(project=project).exists():
            return
        self.stdout.write(_("Training a first model of %(project)s…") % {"project": project})
        sessions = LabelingSession.objects.filter(project=project).order_by("pk")
        model = textapi.training_start(
            project=project,
            user=manager,
            body={
                "display_name": display_name,
                "language": "en",
                "annotation_ids": [session.pk for session in sessions[:2]],
            },
        )
        textapi.model_train(model_id=model.pk)  # here, not by a worker that is not running yet
        model.refresh_from_db()
        self.stdout.write(
            _("Model %(name)s: %(status)s, score %(score)s")
            % {"name": model.display_name, "status": model.status, "score": model.score}
        )

    def _dashboard_side(self, remote: TextProject, manager, viewer) -> None:
        project = dashboard_sync.project_register(
            remote_id=remote.pk, name=remote.name, description=remote.description
        )
        dashboard.membership_set(project=project, user=manager, role=DashboardRole.MANAGER)
        dashboard.membership_set(project=project, user=viewer, role=DashboardRole.READ_ONLY)

    def _capture_side(self, manager, viewer) -> None:
        """The dashboard's capture credentials, an "invoices" document type at the
        capture service and its capture project in the dashboard."""
        captureapi.application_create(
            name="dashboard", app_id=settings.CAPTURE_API_APP_ID, raw=settings.CAPTURE_API_TOKEN
        )
        captureapi.document_type_define(slug="invoices", name="Invoices", fields=INVOICE_FIELDS)
        project = dashboard_capture.capture_project_define(
            name=_("Supplier invoices"),
            document_type="invoices",
            fields=INVOICE_FIELDS,
            description=_("Read the number, dates, customer and total of incoming invoices."),
        )
        dashboard_capture.capture_membership_set(
            project=project, user=manager, role=DashboardRole.MANAGER
        )
        dashboard_capture.capture_membership_set(
            project=project, user=viewer, role=DashboardRole.READ_ONLY
        )
