from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextApiConfig(AppConfig):
    name = "trainer.textapi"
    label = "textapi"
    verbose_name = _("Text Training API")
    default_auto_field = "django.db.models.BigAutoField"
