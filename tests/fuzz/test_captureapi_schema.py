"""Schemathesis against the embedded capture service's own OpenAPI document (Basic
auth per application): no 500, and every answer (errors included) in the shape
the document declares."""

import base64

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from trainer.captureapi import services

# A schema can say that a file is binary, not that it must be a PDF or an image:
# schema-valid bytes that are no document are rightly refused (415). And the WSGI
# transport sends an empty file as a part without a file name (what a browser
# sends when no file is chosen), rightly called missing (400).
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
config = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path": "/v2/file",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400", "415"]}
                },
            }
        ]
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/capture/openapi.json", get_wsgi_application(), config=config
)

# The WSGI handler closes the connection after each request, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def credentials(transactional_db, settings_override):
    application, raw = services.application_create(name="Fuzzer")
    services.document_type_define(
        slug="invoices", name="Invoices", fields=[("Root/Invoice/Total", True)]
    )
    return base64.b64encode(f"{application.app_id}:{raw}".encode()).decode()


@pytest.fixture
def settings_override(settings, tmp_path):
    """Files go to a temporary folder, never to var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "captureapi": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "capture")},
        },
    }


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_capture_service_honours_its_openapi_document(case, credentials):
    case.call_and_validate(headers={"Authorization": f"Basic {credentials}"})
