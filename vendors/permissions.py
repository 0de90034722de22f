"""Dashboard permission groups, filled after every migrate.

Oscar 4 creates its "All Oscar Dashboard Permissions" group in a data migration, before Django
has created any permission on a fresh database, so the group stays empty and a fresh install's
dashboard answers 403. We create all permissions first and then fill the groups ourselves.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

OPERATOR_GROUP = "All Oscar Dashboard Permissions"  # Oscar's name; staff operators belong to it
SHOP_STAFF_GROUP = "Shop staff"

# Apps whose models the platform operator manages in Oscar's dashboard (all of their permissions).
OPERATOR_APP_LABELS = (
    "catalogue",
    "communication",
    "partner",
    "offer",
    "order",
    "flatpages",
    "analytics",
    "reviews",
    "shipping",
    "voucher",
    "vendors",
    "payment",
    "basket",
)
# What shop staff (non-staff partner users) may do in Oscar's dashboard: their own catalogue and
# orders; Oscar scopes the data to their partner.
SHOP_STAFF_PERMISSIONS = (
    "partner.dashboard_access",
    "catalogue.add_product",
    "catalogue.change_product",
    "catalogue.view_product",
    "catalogue.delete_product",
    "catalogue.view_category",
    "catalogue.view_productclass",
    "partner.view_partner",
    "partner.view_stockalert",
    "partner.change_stockalert",
    "order.view_order",
)


def dashboard_groups_sync(*, using: str = "default", apps=global_apps) -> None:
    """Create or refresh the operator and shop-staff groups with their permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    user_model = global_apps.get_model(*_user_model_label().split("."))
    operator_filter = Q(content_type__app_label__in=OPERATOR_APP_LABELS) | Q(
        content_type__app_label=user_model._meta.app_label,
        content_type__model=user_model._meta.model_name,
    )
    operator, _ = Group.objects.using(using).get_or_create(name=OPERATOR_GROUP)
    operator.permissions.set(Permission.objects.using(using).filter(operator_filter))

    staff_filter = Q(pk__in=[])
    for code in SHOP_STAFF_PERMISSIONS:
        app_label, _, codename = code.partition(".")
        staff_filter |= Q(content_type__app_label=app_label, codename=codename)
    shop_staff, _ = Group.objects.using(using).get_or_create(name=SHOP_STAFF_GROUP)
    shop_staff.permissions.set(Permission.objects.using(using).filter(staff_filter))


def _user_model_label() -> str:
    from django.conf import settings

    return settings.AUTH_USER_MODEL


def on_post_migrate(sender, using="default", **kwargs) -> None:
    dashboard_groups_sync(using=using)
