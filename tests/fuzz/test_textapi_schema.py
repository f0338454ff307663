"""Schemathesis against the embedded text service's own OpenAPI document:
no 500, and every answer (errors included) in the shape the document declares."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from trainer.textapi import services
from trainer.textapi.models import Role

schema = schemathesis.openapi.from_wsgi("/api/text/openapi.json", get_wsgi_application())

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
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
