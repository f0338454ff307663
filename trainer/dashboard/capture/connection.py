"""The capture service as one project reaches it: with the project's own application."""

from __future__ import annotations

from trainer.apiclient.flexicapture import FlexiCaptureClient

from ..models import CaptureProject


def capture_client(*, project: CaptureProject) -> FlexiCaptureClient:
    """A client with the project's application (id, token, region, service URL); what
    the project leaves empty is the installation's (``CAPTURE_API_*``)."""
    return FlexiCaptureClient.from_settings(
        base_url=project.api_url,
        app_id=project.application_id,
        token=project.application_token,
        region=project.region,
    )
