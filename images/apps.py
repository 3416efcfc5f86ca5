from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self):
        from .storage import sweep_after_request

        request_finished.connect(sweep_after_request, dispatch_uid="images.storage.sweep_after_request")
