from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Shops")

    def ready(self) -> None:
        from vendors.permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="vendors.dashboard_groups")
