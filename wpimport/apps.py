from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wpimport"
    verbose_name = _("WordPress archive")
