from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    default = True

    def ready(self):
        from . import change_messages, library_messages  # noqa: F401 (a signal receiver; msgids)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the humas desk as its home page (``newsroom.admin.NewsroomAdminSite``)."""

    default = False
    default_site = "newsroom.admin.NewsroomAdminSite"


class TagsConfig(TaggitAppConfig):
    """django-taggit under a name staff understand: "Tag" in the admin's menu, not the library's name."""

    default = False
    verbose_name = _("Tags")
