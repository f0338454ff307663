"""The text service as the dashboard reaches it: through the installation's
:class:`~trainer.dashboard.models.TextConnection`, else its settings."""

from __future__ import annotations

from trainer.apiclient.deepopinion import DeepOpinionClient

from ..models import TextConnection


def text_client() -> DeepOpinionClient:
    """A client with the stored connection's URL and account; what it leaves empty is
    the installation's (``TRAINER_API_*``)."""
    connection = TextConnection.objects.filter(pk=TextConnection.THE).first()
    if connection is None:
        return DeepOpinionClient.from_settings()
    return DeepOpinionClient.from_settings(
        base_url=connection.api_url,
        email=connection.email,
        password=connection.password,
        token=connection.token,
    )
