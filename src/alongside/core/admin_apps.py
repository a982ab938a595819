"""Django's admin with the host's site (see ``admin_site.py``); named by string so that
loading the apps imports no model."""

from django.contrib.admin.apps import AdminConfig


class AlongsideAdminConfig(AdminConfig):
    default_site = "alongside.core.admin_site.StaffAdminSite"
