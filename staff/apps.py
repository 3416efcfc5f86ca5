from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self):
        from . import login_events, sessions  # noqa: F401 (their signal receivers)
        from .roles import sync_after_migrate

        # Runs after every app's permissions exist, so the groups are always complete.
        post_migrate.connect(sync_after_migrate, dispatch_uid="staff.sync_role_groups")
