from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptureApiConfig(AppConfig):
    name = "trainer.captureapi"
    label = "captureapi"
    verbose_name = _("Capture API")
    default_auto_field = "django.db.models.BigAutoField"
