"""Schemathesis against the embedded text service's own OpenAPI document:
no 500, and every answer (errors included) in the shape the document declares."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from trainer.textapi import services
from trainer.textapi.models import Role

schema = schemathesis.openapi.from_wsgi("/api/text/openapi.json", get_wsgi_application())
# To a schema a file is any bytes; whether they are labeled data of a known format that
# fits the type is the importers' question (a 400 naming the line; tests/fuzz/test_uploads.py).
FREE_CONTENT = {"POST /projects/{project_id}/annotations/upload"}
# To a schema model_id is any id; whether it names a model of the project that can predict,
# and whether the project has unlabeled documents, is the service's 400 (test_corrections.py).
STATE_CHECKED = {"POST /projects/{project_id}/corrections"}

# The WSGI handler closes the connection after each request, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(transactional_db):
    user = get_user_model().objects.create_user("fuzzer")
    project = services.project_create(name="Fuzzed")
    services.member_set(project=project, user=user, role=Role.MANAGER)
    _token, raw = services.token_create(user=user, name="fuzz")
    return raw


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_text_service_honours_its_openapi_document(case, token):
    checked_by_the_service = FREE_CONTENT | STATE_CHECKED
    excluded = [positive_data_acceptance] if case.operation.label in checked_by_the_service else []
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
