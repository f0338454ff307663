"""Who may do what, for every URL of the site: the answer of each URL pattern of the
dashboard, the embedded text service (``/api/text/``) and the embedded capture
service (``/api/capture/``) to each kind of visitor, GET and POST (and PUT or DELETE
where an API takes them), against a table written here.

The URL patterns come from the URLconf (includes walked), not from a list: a new
view without a row in the table fails :func:`test_every_url_pattern_has_a_row`.
The objects named in the URLs exist, and the dashboard's calls to the services
are answered by the embedded services themselves, in-process (``responses``
hands each request to Django's test client), so an allowed action really runs.
"""

from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from PIL import Image

from tests.learning.synthetic import class_documents
from tests.security import inprocess
from trainer.captureapi import services as capture_services
from trainer.captureapi.models import CaptureTask, Page, Status, TaskDocument
from trainer.dashboard import webhooks as dashboard_webhooks
from trainer.dashboard.capture import services as capture_dashboard
from trainer.dashboard.models import (
    CaptureDocument,
    LabelingSession,
    Project,
    Role,
    TrainedModel,
)
from trainer.dashboard.text import services as dashboard_services
from trainer.dashboard.text import sync as dashboard_sync
from trainer.learning import trainers
from trainer.learning.documents import Document, Tag, whole
from trainer.textapi import labeling
from trainer.textapi import services as text_services
from trainer.textapi.documents import documents_add, from_old_shape
from trainer.textapi.models import LabelingSession as ApiSession
from trainer.textapi.models import ProjectLabel, SessionMode, SessionStatus, TextModel
from trainer.textapi.models import Role as ApiRole
from trainer.textapi.storage import artifact_save

pytestmark = pytest.mark.django_db

# -- who ------------------------------------------------------------------------------

# The dashboard and the text service: the same people, by their role in the project
# (the text service knows them by their tokens). "staff" is a staff user who is no
# member: staff status opens the admin, never a project.
PEOPLE = ("anonymous", "outsider", "read_only", "annotator", "manager", "owner", "staff")
ROLES = {
    "read_only": (Role.READ_ONLY, ApiRole.READ_ONLY),
    "annotator": (Role.ANNOTATOR, ApiRole.ANNOTATOR),
    "manager": (Role.MANAGER, ApiRole.MANAGER),
    "owner": (Role.OWNER, ApiRole.OWNER),
}
# The capture service knows applications, not people: none, a revoked one,
# another one, and the one that owns the files and tasks in the URLs.
APPLICATIONS = ("anonymous", "revoked", "other", "owner")

# -- what they get ----------------------------------------------------------------------

LOGIN = "login"  # 302 to the log-in page
ADMIN_LOGIN = "admin login"  # redirected to the admin's log-in page


def each(answer, *, anonymous=None) -> tuple:
    """The same answer for all seven people (``anonymous`` apart when given)."""
    return (answer if anonymous is None else anonymous,) + (answer,) * 6


def gated(read_only, annotator, manager, owner, *, anonymous=LOGIN) -> tuple:
    """A project page or action: non-members and staff get 404, members by role."""
    return (anonymous, 404, read_only, annotator, manager, owner, 404)


def api_gated(read_only, annotator, manager, owner) -> tuple:
    """The text service: no token 401; non-members and staff 404 (the project's
    existence is not revealed); members by role."""
    return (401, 404, read_only, annotator, manager, owner, 404)


MEMBERS = gated(200, 200, 200, 200)
# Creating a project: the managers and owners of any project (and whoever holds the
# permission "Can add project", which none of these people has).
CREATORS = (LOGIN, 403, 403, 403, 200, 200, 403)
MANAGERS = gated(403, 403, 200, 200)
NOT_ALLOWED = each(405, anonymous=LOGIN)  # the method is refused once logged in
API_NOT_ALLOWED = each(405)  # the method is checked before the token

# Columns: anonymous, outsider, READ_ONLY, ANNOTATOR, MANAGER, OWNER, staff
# (capture service: anonymous, revoked, other application, owner application).
EXPECTED: dict[str, dict[str, tuple]] = {
    # -- the dashboard
    "dashboard:home": {"GET": each(200, anonymous=LOGIN), "POST": NOT_ALLOWED},
    "dashboard:notifications": {"GET": each(200, anonymous=LOGIN), "POST": NOT_ALLOWED},
    # The language switch is for everyone, the log-in page included.
    "dashboard:language": {"GET": each(405), "POST": each(302)},
    "dashboard:project-new": {
        "GET": CREATORS,
        "POST": tuple(302 if answer == 200 else answer for answer in CREATORS),
    },
    "dashboard:project": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:project-refresh": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    "dashboard:project-settings": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:project-change": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    "dashboard:webhook-update": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    "dashboard:webhook-delete": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    # Every member sees who else is; managers and owners change it.
    "dashboard:project-members": {"GET": MEMBERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:project-member-role": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    "dashboard:project-member-remove": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:session-upload": {
        "GET": gated(403, 200, 200, 200),
        "POST": gated(403, 302, 302, 302),
    },
    # 286: the session in the URL is imported already (htmx stops polling).
    "dashboard:session-row": {"GET": gated(286, 286, 286, 286), "POST": NOT_ALLOWED},
    "dashboard:session-delete": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    # Every member reads a session's documents; annotators and up label them.
    "dashboard:session-label": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:session-download": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:session-label-tag": {"GET": NOT_ALLOWED, "POST": gated(403, 302, 302, 302)},
    "dashboard:session-label-untag": {"GET": NOT_ALLOWED, "POST": gated(403, 302, 302, 302)},
    "dashboard:session-label-move": {"GET": NOT_ALLOWED, "POST": gated(403, 302, 302, 302)},
    "dashboard:session-label-done": {"GET": NOT_ALLOWED, "POST": gated(403, 302, 302, 302)},
    # Annotators and up start a correction session of a trained model (as they upload a
    # session); the others only look at the model.
    "dashboard:model-correct": {
        "GET": gated(403, 200, 200, 200),
        "POST": gated(403, 302, 302, 302),
    },
    "dashboard:model-new": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:model-new-summary": {"GET": MANAGERS, "POST": NOT_ALLOWED},
    "dashboard:model-compare": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:model": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:model-status": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:model-try": {"GET": NOT_ALLOWED, "POST": MEMBERS},
    "dashboard:model-activate": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:model-publish": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:model-cancel": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:model-delete": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:capture-project": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-members": {"GET": MEMBERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:capture-member-role": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    "dashboard:capture-member-remove": {"GET": MANAGERS, "POST": gated(403, 403, 302, 302)},
    "dashboard:capture-documents": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-documents-csv": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-document-upload": {
        "GET": NOT_ALLOWED,
        "POST": gated(403, 302, 302, 302),
    },
    "dashboard:capture-document": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-document-status": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-page-image": {"GET": MEMBERS, "POST": NOT_ALLOWED},
    "dashboard:capture-drawing-texts": {"GET": NOT_ALLOWED, "POST": MEMBERS},
    "dashboard:capture-document-train": {"GET": NOT_ALLOWED, "POST": gated(403, 403, 302, 302)},
    # The URL's document waits for a person, on the dashboard's page: all members see
    # it, annotators and up verify it.
    "dashboard:capture-document-verify": {"GET": MEMBERS, "POST": gated(403, 302, 302, 302)},
    # -- accounts (django.contrib.auth.urls)
    "login": {"GET": each(200), "POST": each(200)},  # an empty form is shown again
    "logout": {"GET": each(405), "POST": each(LOGIN)},
    "password_change": {"GET": each(200, anonymous=LOGIN), "POST": each(200, anonymous=LOGIN)},
    "password_change_done": {"GET": each(200, anonymous=LOGIN), "POST": NOT_ALLOWED},
    "password_reset": {"GET": each(200), "POST": each(200)},
    "password_reset_done": {"GET": each(200), "POST": each(405)},
    "password_reset_confirm": {"GET": each(200), "POST": each(200)},  # "invalid link"
    "password_reset_complete": {"GET": each(200), "POST": each(405)},
    # -- the text service
    "textapi:openapi": {"GET": each(200), "POST": API_NOT_ALLOWED},
    # Anyone may try to log in; the matrix posts no e-mail and password.
    "textapi:auth-login": {"GET": API_NOT_ALLOWED, "POST": each(400)},
    "textapi:auth-status": {"GET": each(200, anonymous=401), "POST": API_NOT_ALLOWED},
    "textapi:auth-logout": {"GET": API_NOT_ALLOWED, "POST": each(200, anonymous=401)},
    "textapi:type-list": {"GET": each(200, anonymous=401), "POST": API_NOT_ALLOWED},
    "textapi:health": {"GET": each(200), "POST": API_NOT_ALLOWED},
    "textapi:info": {"GET": each(200, anonymous=401), "POST": API_NOT_ALLOWED},
    # Any user may create a project (and owns it).
    "textapi:project-list": {"GET": each(200, anonymous=401), "POST": each(201, anonymous=401)},
    "textapi:project-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 403, 200, 200),
        "DELETE": api_gated(403, 403, 403, 204),
    },
    "textapi:project-permissions": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
    },
    "textapi:class-list": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 403, 201, 201),
    },
    "textapi:class-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 403, 200, 200),
        "DELETE": api_gated(403, 403, 204, 204),
    },
    "textapi:label-list": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 403, 201, 201),
    },
    "textapi:label-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 403, 200, 200),
        "DELETE": api_gated(403, 403, 204, 204),
    },
    "textapi:labeling-session-list": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:labeling-session-upload": {
        "GET": API_NOT_ALLOWED,
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:labeling-session-documents": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
    },
    "textapi:labeling-session-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 200, 200, 200),
        "DELETE": api_gated(403, 403, 204, 204),
    },
    "textapi:document-detail": {"GET": api_gated(200, 200, 200, 200), "POST": API_NOT_ALLOWED},
    "textapi:document-statuses": {"GET": API_NOT_ALLOWED, "POST": api_gated(403, 201, 201, 201)},
    "textapi:segment-tags": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:segment-tag-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 200, 200, 200),
        "DELETE": api_gated(403, 204, 204, 204),
    },
    "textapi:segment-statuses": {"GET": API_NOT_ALLOWED, "POST": api_gated(403, 201, 201, 201)},
    "textapi:correction-list": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:correction-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "DELETE": api_gated(403, 403, 204, 204),
    },
    "textapi:correction-documents": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
    },
    "textapi:correction-tags": {"GET": API_NOT_ALLOWED, "POST": api_gated(403, 201, 201, 201)},
    "textapi:correction-tag-detail": {
        "GET": API_NOT_ALLOWED,
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 200, 200, 200),
        "DELETE": api_gated(403, 200, 200, 200),
    },
    "textapi:correction-tag-statuses": {
        "GET": API_NOT_ALLOWED,
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:correction-segment-statuses": {
        "GET": API_NOT_ALLOWED,
        "POST": api_gated(403, 201, 201, 201),
    },
    "textapi:model-catalog": {"GET": each(200, anonymous=401), "POST": API_NOT_ALLOWED},
    "textapi:model-list": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": api_gated(403, 403, 201, 201),
    },
    "textapi:model-detail": {
        "GET": api_gated(200, 200, 200, 200),
        "POST": API_NOT_ALLOWED,
        "PUT": api_gated(403, 403, 200, 200),
        "DELETE": api_gated(403, 403, 204, 204),
    },
    "textapi:model-cancel": {"GET": API_NOT_ALLOWED, "POST": api_gated(403, 403, 200, 200)},
    "textapi:analyze": {"GET": API_NOT_ALLOWED, "POST": api_gated(200, 200, 200, 200)},
    "textapi:not-found": {"GET": each(404), "POST": each(404)},
    # -- the capture service
    "captureapi:openapi": {"GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)},
    "captureapi:file-upload": {"GET": (405, 405, 405, 405), "POST": (401, 401, 201, 201)},
    "captureapi:file-info": {"GET": (401, 401, 404, 200), "POST": (405, 405, 405, 405)},
    "captureapi:file-detail": {
        "GET": (401, 401, 404, 200),
        "POST": (405, 405, 405, 405),
        "DELETE": (401, 401, 404, 204),
    },
    # Another application's file ids are refused in the body (400), not revealed.
    "captureapi:task-capture": {"GET": (405, 405, 405, 405), "POST": (401, 401, 400, 201)},
    "captureapi:task-detail": {
        "GET": (401, 401, 404, 200),
        "POST": (405, 405, 405, 405),
        "DELETE": (401, 401, 404, 204),
    },
    # The extension that finishes a verification: the URL's task waits for a person.
    "captureapi:task-verification": {
        "GET": (401, 401, 404, 200),
        "POST": (401, 401, 404, 200),
    },
    "captureapi:extensions": {"GET": (401, 401, 200, 200), "POST": (405, 405, 405, 405)},
    "captureapi:training-layout": {"GET": (401, 401, 404, 200), "POST": (405, 405, 405, 405)},
    "captureapi:training": {"GET": (405, 405, 405, 405), "POST": (401, 401, 400, 204)},
    "captureapi:not-found": {"GET": (404, 404, 404, 404), "POST": (404, 404, 404, 404)},
}

# -- the URL patterns -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route of an unnamed pattern
    route: str  # the full route, from the root
    prefix: str  # the route of the includes around it
    pattern: URLPattern

    @property
    def kwarg_names(self) -> list[str]:
        if isinstance(self.pattern.pattern, RoutePattern):
            return list(self.pattern.pattern.converters)
        return list(self.pattern.pattern.regex.groupindex)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            key = f"{namespace}{entry.name}" if entry.name else route
            yield Pattern(key, route, prefix, entry)


PATTERNS = list(_walk(get_resolver()))
ADMIN = [p for p in PATTERNS if p.route.startswith("admin/")]
SITE = [p for p in PATTERNS if not p.route.startswith("admin/")]


def _columns(key: str) -> tuple[str, ...]:
    return APPLICATIONS if key.startswith("captureapi:") else PEOPLE


def _cells() -> list:
    """One test per URL pattern, method and visitor; a pattern without a row gets
    one failing cell."""
    cells = []
    for pattern in SITE:
        rows = EXPECTED.get(pattern.key, {"GET": (None,) * len(_columns(pattern.key))})
        for method, answers in rows.items():
            for who, answer in zip(_columns(pattern.key), answers, strict=True):
                cells.append(
                    pytest.param(
                        pattern.key, method, who, answer, id=f"{pattern.key}-{method}-{who}"
                    )
                )
    return cells


# -- the world the URLs name --------------------------------------------------------------

CLASS_DOCUMENTS = class_documents(per_class=8)
PAGE_WORDS = [
    ["Total", 40, 700, 110, 725],
    ["EUR", 400, 700, 450, 725],
    ["12.00", 460, 700, 520, 725],
]
TOTAL = "Root/Invoice/Total"


def _png(width: int = 600, height: int = 800) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def class_bundle() -> dict:
    """A trained CLASS model's artifact, made once (/analyze needs one)."""
    documents = [from_old_shape(d, type="CLASS") for d in CLASS_DOCUMENTS]
    fitted, _metrics = trainers.train("CLASS", documents[:18], documents[18:], language="en")
    return {
        "format": text_services.ARTIFACT_FORMAT,
        "type": "CLASS",
        "language": "en",
        "model": fitted,
        "train_documents": documents,
    }


class World:
    """People, projects and models of the dashboard and of both embedded services,
    mirrored as a sync would; each part is made when a test first needs it."""

    def __init__(self, class_bundle: dict) -> None:
        self.class_bundle = class_bundle
        self.users = {}
        for who in PEOPLE[1:]:
            self.users[who] = get_user_model().objects.create_user(
                username=who, password=None, is_staff=who == "staff"
            )

    # -- the text service and its mirror
    @cached_property
    def text(self):
        service_account = get_user_model().objects.create_user("dashboard-service")
        text_services.token_create(
            user=service_account, name="dashboard", raw=django_settings.TRAINER_API_TOKEN
        )
        project = text_services.project_create(name="Newsroom")
        text_services.member_set(project=project, user=service_account, role=ApiRole.MANAGER)
        self.tokens = {}
        for who, user in self.users.items():
            if who in ROLES:
                text_services.member_set(project=project, user=user, role=ROLES[who][1])
            _token, self.tokens[who] = text_services.token_create(user=user, name="matrix")
        session = labeling.labeling_session_create(
            project=project,
            name="Batch 1",
            owner=service_account,
            documents=[from_old_shape(d, type="CLASS") for d in CLASS_DOCUMENTS],
        )  # which gives the project its classes
        ProjectLabel.objects.create(project=project, name="urgent")
        models = {
            status: TextModel.objects.create(
                project=project,
                name=f"news-{status.lower()}",
                display_name=f"News {status.lower()}",
                type="CLASS",
                language="en",
                status=status,
                owner=service_account,
                annotation_ids=[session.pk],
            )
            for status in ("READY", "ACTIVE", "TRAINING")
        }
        models["READY"].artifact = artifact_save(
            f"{models['READY'].uuid}.joblib", self.class_bundle
        )
        models["READY"].save(update_fields=["artifact"])
        return project, session, models

    @cached_property
    def correction(self) -> ApiSession:
        """A correction session of the READY model, pre-labeled, and an unlabeled text
        (what a new correction session takes)."""
        project, _session, models = self.text
        labeling.labeling_session_create(
            project=project, name="Inbox", owner=None, documents=[Document("Storms ahead.")]
        )
        correction = ApiSession.objects.create(
            project=project,
            name="Check",
            type="CLASS",
            mode=SessionMode.CORRECTION,
            model=models["READY"],
            status=SessionStatus.ANNOTATING,
        )
        text = "Heavy rain is falling over Berlin today."
        predicted = Document(text, whole(text, [Tag(project.classes.first().name)]))
        documents_add(session=correction, documents=[predicted], margins=[0.1])
        return correction

    @cached_property
    def project(self) -> Project:
        """The dashboard's mirror of the text service's project, with its members."""
        remote, session, models = self.text
        project = dashboard_sync.project_register(remote_id=remote.pk, name=remote.name)
        for who, (role, _api_role) in ROLES.items():
            dashboard_services.membership_set(project=project, user=self.users[who], role=role)
        self.session = LabelingSession.objects.create(
            project=project,
            remote_id=session.pk,
            name=session.name,
            type="CLASS",
            documents=session.document_count,
        )
        self.models = {
            status: TrainedModel.objects.create(
                project=project,
                remote_id=model.pk,
                name=model.name,
                display_name=model.display_name,
                type="CLASS",
                language="en",
                status=status,
                score=0.8 if status != "TRAINING" else None,
            )
            for status, model in models.items()
        }
        self.webhook = dashboard_webhooks.webhook_create(
            project=project,
            user=self.users["owner"],
            url="https://hooks.example.com/trainer",
            secret="s3cret-for-signing",
        )
        return project

    # -- the capture service and its mirror
    @cached_property
    def capture(self):
        application, _raw = capture_services.application_create(
            name="Dashboard",
            app_id=django_settings.CAPTURE_API_APP_ID,
            raw=django_settings.CAPTURE_API_TOKEN,
        )
        other, other_raw = capture_services.application_create(name="Someone else")
        revoked, revoked_raw = capture_services.application_create(name="Gone")
        capture_services.application_revoke(application=revoked)
        self.credentials = {
            "anonymous": None,
            "revoked": (revoked.app_id, revoked_raw),
            "other": (other.app_id, other_raw),
            "owner": (application.app_id, django_settings.CAPTURE_API_TOKEN),
        }
        document_type = capture_services.document_type_define(
            slug="invoices", name="Invoices", fields=[(TOTAL, True)]
        )
        stored = capture_services.file_upload(
            application=application,
            upload=SimpleUploadedFile("march.png", _png(), content_type="image/png"),
        )
        task = CaptureTask.objects.create(
            application=application, document_type=document_type, status=Status.DONE
        )
        document = TaskDocument.objects.create(
            task=task,
            file=stored,
            file_uuid=stored.uuid,
            file_token=stored.token,
            file_name=stored.name,
        )
        page = Page.objects.create(
            document=document, number=1, resolution=72, width=600, height=800, words=PAGE_WORDS
        )
        return stored, task, page

    @cached_property
    def capture_waiting(self) -> CaptureTask:
        """A task of the dashboard's application that waits for a person."""
        stored, task, _page = self.capture
        waiting = CaptureTask.objects.create(
            application=task.application,
            document_type=task.document_type,
            status=Status.WAIT_FOR_ACTION,
            verification_id="7bfb534eb05217799deb93d524cd8257",
        )
        TaskDocument.objects.create(
            task=waiting,
            file=stored,
            file_uuid=stored.uuid,
            file_token=stored.token,
            file_name=stored.name,
            fields=[{"name": TOTAL, "value": "", "confidence": 0.0, "rectangles": []}],
        )
        return waiting

    @cached_property
    def capture_document(self) -> CaptureDocument:
        stored, task, page = self.capture
        project = capture_dashboard.capture_project_define(
            name="Supplier invoices", document_type="invoices", fields=[(TOTAL, True)]
        )
        for who, (role, _api_role) in ROLES.items():
            capture_dashboard.capture_membership_set(
                project=project, user=self.users[who], role=role
            )
        layout_page = {
            "id": page.pk,
            "number": 1,
            "resolution": 72,
            "width": 600,
            "height": 800,
        }
        return CaptureDocument.objects.create(
            project=project,
            name="march.png",
            file_id=str(stored.uuid),
            file_token=stored.token,
            task_id=str(task.uuid),
            status="Done",
            layout={"pages": [layout_page], "fields": []},
            source=ContentFile(_png(), name="march.png"),
        )

    @cached_property
    def capture_document_waiting(self) -> CaptureDocument:
        """A document of the capture project whose task waits for a person, verified
        on the dashboard's page."""
        document = self.capture_document
        task = self.capture_waiting
        return CaptureDocument.objects.create(
            project=document.project,
            name="march.png",
            file_id=document.file_id,
            file_token=document.file_token,
            task_id=str(task.uuid),
            status="WaitForAction",
            layout=document.layout,
            verification_id=task.verification_id,
            verify_here=True,
        )

    # -- the values of URL kwargs, per pattern
    def kwargs(self, pattern: Pattern) -> dict:
        key = pattern.key
        if key.startswith("textapi:"):
            project, session, models = self.text
            model = models["TRAINING" if key == "textapi:model-cancel" else "READY"]
            if key.startswith("textapi:correction"):
                session = self.correction
            document = session.documents.order_by("pk").first()
            segment = document.segments.get()
            values = {
                "project_id": project.pk,
                "session_id": session.pk,
                "correction_id": session.pk,
                "model_id": model.pk,
                "class_id": project.classes.first().pk,
                "label_id": project.labels.first().pk,
                "document_id": document.pk,
                "segment_id": segment.pk,
                "tag_id": segment.tags.first().pk,
            }
        elif key.startswith("captureapi:"):
            stored, task, page = self.capture
            values = {
                "file_id": str(stored.uuid),
                "token": stored.token,
                "document_type": "invoices",
                "task_id": str(
                    self.capture_waiting.uuid
                    if key == "captureapi:task-verification"
                    else task.uuid
                ),
                "page_id": page.pk,
            }
        elif key.startswith("dashboard:capture"):
            document = (
                self.capture_document_waiting
                if key == "dashboard:capture-document-verify"
                else self.capture_document
            )
            values = {
                "project_id": document.project.pk,
                "document_id": document.pk,
                "page_id": document.layout["pages"][0]["id"],
                # The read-only member: whom a manager may change or remove.
                "membership_id": document.project.memberships.get(user=self.users["read_only"]).pk,
            }
        elif key.startswith("dashboard:"):
            project = self.project
            status = {
                "model-publish": "ACTIVE",
                "model-cancel": "TRAINING",
                "model-status": "TRAINING",
            }.get(key.split(":")[1], "READY")
            _remote, session, _models = self.text
            document = session.documents.order_by("pk").first()
            segment = document.segments.get()
            values = {
                "document_id": document.pk,
                "segment_id": segment.pk,
                "tag_id": segment.tags.first().pk,
                "project_id": project.pk,
                "model_id": self.models[status].pk,
                "webhook_id": self.webhook.pk,
                "session_id": self.session.pk,
                # The read-only member: whom a manager may change or remove.
                "membership_id": project.memberships.get(user=self.users["read_only"]).pk,
            }
        else:
            values = {"uidb64": "MQ", "token": "not-a-real-token"}
        return {name: values[name] for name in pattern.kwarg_names}

    # -- what a POST carries, per pattern
    def post(self, key: str) -> dict:
        """Keyword arguments of the test client's ``post`` (or ``put``): a valid body, so
        that an allowed POST (or PUT) really does what it is for."""
        if key == "textapi:labeling-session-upload":
            data = b"".join(
                f'{{"text": "{d["text"]}", "classes": ["{d["classes"][0]}"]}}\n'.encode()
                for d in CLASS_DOCUMENTS
            )
            return {"data": {"file": SimpleUploadedFile("batch.jsonl", data)}}
        if key in ("textapi:labeling-session-list", "textapi:labeling-session-detail"):
            return _json({"name": "Batch 3", "documents": [{"text": "Storms over the coast."}]})
        if key in ("textapi:segment-tags", "textapi:segment-tag-detail"):
            return _json({"class": self.text[0].classes.first().name})
        if key in (
            "textapi:document-statuses",
            "textapi:segment-statuses",
            "textapi:correction-segment-statuses",
        ):
            return _json({"name": "ANNOTATED"})
        if key in ("textapi:correction-tags", "textapi:correction-tag-detail"):
            return _json({"class": self.text[0].classes.first().name})
        if key == "textapi:correction-tag-statuses":
            return _json({"status": "READY"})
        if key == "textapi:correction-list":
            return _json({"model_id": self.correction.model_id})
        if key == "textapi:model-list":
            return _json({"annotation_ids": [self.text[1].pk], "display_name": "Topics"})
        if key == "textapi:model-detail":
            return _json({"display_name": "Renamed"})
        if key == "textapi:project-list":
            return _json({"name": "Wire", "type": "CLASS"})
        if key in ("textapi:project-detail", "textapi:class-detail", "textapi:label-detail"):
            return _json({"name": "Renamed"})
        if key in ("textapi:class-list", "textapi:label-list"):
            return _json({"name": "Brand new"})
        if key == "textapi:analyze":
            _project, _session, models = self.text
            documents = [{"text": "Heavy rain is falling over Berlin today."}]
            return _json({"model": models["READY"].name, "documents": documents})
        if key == "captureapi:file-upload":
            return {"data": {"file": SimpleUploadedFile("april.png", _png(60, 80))}}
        if key == "captureapi:task-capture":
            stored = self.capture[0]
            return _json(
                {
                    "files": [{"id": str(stored.uuid), "token": stored.token}],
                    "properties": {
                        "region": "EU",
                        "export_format": "Json",
                        "verification_type": "NoVerification",
                    },
                }
            )
        if key == "captureapi:task-verification":
            stored = self.capture[0]
            verified = [{"name": TOTAL, "value": "EUR 12.00"}]
            return _json({"documents": [{"file_id": str(stored.uuid), "fields": verified}]})
        if key == "captureapi:training":
            stored, task, page = self.capture
            return _json(
                {
                    "task_id": str(task.uuid),
                    "file_id": str(stored.uuid),
                    "fields": [{"name": TOTAL, "rectangles": [_rectangle(page.pk)]}],
                }
            )
        if key == "dashboard:project-settings":
            return {"data": {"new-url": "https://hooks.example.com/other", "new-secret": "x" * 24}}
        if key == "dashboard:project-new":
            return {"data": {"name": "Wire desk", "type": "CLASS", "classes": "Politics"}}
        if key == "dashboard:project-change":
            classes = self.text[0].classes.values_list("name", flat=True)
            data = {"name": "Newsroom desk", "classes": "\n".join(classes), "labels": "urgent"}
            return {"data": data}
        if key == "dashboard:webhook-update":
            prefix = f"webhook-{self.webhook.pk}"
            return {"data": {f"{prefix}-url": "https://hooks.example.com/moved"}}
        if key in ("dashboard:project-members", "dashboard:capture-members"):
            return {"data": {"person": "staff", "role": Role.ANNOTATOR}}  # no member yet
        if key in ("dashboard:project-member-role", "dashboard:capture-member-role"):
            return {"data": {"role": Role.ANNOTATOR}}
        if key == "dashboard:session-upload":
            return self.post("textapi:labeling-session-upload")
        if key == "dashboard:session-label-tag":
            _remote, session, _models = self.text
            segment = session.documents.order_by("pk").first().segments.get()
            other = self.text[0].classes.exclude(name=segment.tags.first().class_name).first()
            return {"data": {"segment": segment.pk, "cls": other.name, "n": 1}}
        if key == "dashboard:session-label-move":
            # The whole text: the text project's type keeps its tags there.
            document = self.text[1].documents.order_by("pk").first()
            return {"data": {"start": 0, "end": len(document.text), "n": 1}}
        if key == "dashboard:model-correct":
            assert self.correction  # with it, the unlabeled text a new correction draws
            return {"data": {"name": "Check again", "sample_size": 1}}
        if key == "dashboard:model-new":
            return {
                "data": {
                    "display_name": "Topics",
                    "language": "en",
                    "mode": "pool",
                    "pool_sessions": [self.session.pk],
                }
            }
        if key == "dashboard:model-try":
            return {"data": {"texts": "Heavy rain is falling over Berlin today."}}
        if key == "dashboard:capture-document-upload":
            return {"data": {"file": SimpleUploadedFile("april.png", _png(60, 80))}}
        if key in ("dashboard:capture-document-train", "dashboard:capture-drawing-texts"):
            page_id = self.capture_document.layout["pages"][0]["id"]
            drawing = [{"name": TOTAL, "rectangles": [_rectangle(page_id)]}]
            return _json_form({"drawing": drawing})
        if key == "dashboard:capture-document-verify":
            return {"data": {"field-0": "EUR 12.00"}}
        return {}


def _rectangle(page_id: int) -> dict:
    return {"page_id": page_id, "x1": 395, "y1": 695, "x2": 525, "y2": 730}


def _json(body) -> dict:
    return {"data": json.dumps(body), "content_type": "application/json"}


def _json_form(fields: dict) -> dict:
    return {"data": {name: json.dumps(value) for name, value in fields.items()}}


@pytest.fixture
def world(class_bundle, settings, tmp_path) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TEXTAPI_MODEL_DIR = tmp_path / "textapi-models"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "captureapi": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "capture")},
        },
    }
    return World(class_bundle)


@pytest.fixture
def services_in_process():
    with inprocess.services_in_process() as mock:
        yield mock


def _client(world: World, key: str, who: str) -> Client:
    """A browser session (dashboard), or the credentials of an API call."""
    if key.startswith("textapi:"):
        world.text  # noqa: B018 - makes the tokens
        token = world.tokens.get(who)
        return Client(headers={"Authorization": f"Bearer {token}"} if token else {})
    if key.startswith("captureapi:"):
        world.capture  # noqa: B018 - makes the applications
        credentials = world.credentials[who]
        if credentials is None:
            return Client()
        encoded = base64.b64encode(":".join(credentials).encode()).decode()
        return Client(headers={"Authorization": f"Basic {encoded}"})
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def _path(world: World, pattern: Pattern) -> str:
    if pattern.key in ("textapi:not-found", "captureapi:not-found"):
        return f"/{pattern.prefix}no/such/endpoint"
    return reverse(pattern.key, kwargs=world.kwargs(pattern))


def _assert_answer(response, expected) -> None:
    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert urlsplit(location).path == reverse(django_settings.LOGIN_URL), location
    elif expected == ADMIN_LOGIN:  # followed: the log-out goes there by the admin's index
        assert response.redirect_chain, response.status_code
        assert urlsplit(response.redirect_chain[-1][0]).path == reverse("admin:login")
        assert response.status_code == 200
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])
        if expected == 302:  # after an action that worked: not to a log-in page, no error
            assert "login" not in location, location
            told = [message.level for message in response.wsgi_request._messages]
            assert messages.ERROR not in told, [str(m) for m in response.wsgi_request._messages]


# -- the tests ----------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    keys = {pattern.key for pattern in SITE}
    assert keys - set(EXPECTED) == set(), "URL patterns without a row in EXPECTED"
    assert set(EXPECTED) - keys == set(), "rows in EXPECTED without a URL pattern"


def test_every_row_has_get_and_post():
    assert all({"GET", "POST"} <= set(rows) for rows in EXPECTED.values())


@pytest.mark.parametrize(("key", "method", "who", "expected"), _cells())
def test_each_visitor_gets_the_answer_of_the_table(
    world, services_in_process, key, method, who, expected
):
    assert expected is not None, f"{key} has no row in EXPECTED"
    pattern = next(p for p in SITE if p.key == key)
    path = _path(world, pattern)
    assert resolve(path).func == pattern.pattern.callback
    client = _client(world, key, who)
    post = world.post(key) if method in ("POST", "PUT") else {}

    response = getattr(client, method.lower())(path, **post)

    _assert_answer(response, expected)


# -- the admin ----------------------------------------------------------------------------

ADMIN_SAMPLES = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "dashboard",
    "url": "no/such/page/",
}


def _admin_path(pattern: Pattern) -> str:
    """The pattern with a sample value in each of its parameters."""
    route = pattern.route
    if isinstance(pattern.pattern.pattern, RoutePattern):
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: ADMIN_SAMPLES[match.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: ADMIN_SAMPLES[match.group(1)], route)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture
def project_owner(db):
    """An owner of a project, who is no staff."""
    user = get_user_model().objects.create_user("owner", password=None)
    project = dashboard_sync.project_register(remote_id=7, name="Newsroom")
    dashboard_services.membership_set(project=project, user=user, role=Role.OWNER)
    return user


@pytest.mark.parametrize("who", ["anonymous", "owner"])
@pytest.mark.parametrize(
    "pattern", [p for p in ADMIN if p.key != "admin:login"], ids=lambda p: p.key
)
def test_the_admin_sends_everyone_but_staff_to_its_log_in(project_owner, pattern, who):
    path = _admin_path(pattern)
    assert resolve(path).func == pattern.pattern.callback
    client = Client()
    if who != "anonymous":
        client.force_login(project_owner)

    _assert_answer(client.get(path, follow=True), ADMIN_LOGIN)


def test_the_admin_log_in_page_tells_a_member_that_the_admin_is_for_staff(project_owner):
    client = Client()
    client.force_login(project_owner)

    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert "not authorized to access this page" in response.text
