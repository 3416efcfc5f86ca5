from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    name = "newsroom"
    default = True


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the humas desk as its home page (``newsroom.admin.NewsroomAdminSite``)."""

    default = False
    default_site = "newsroom.admin.NewsroomAdminSite"
