"""Operator tools for shops in Django's admin: profile, hours, photos, approve/suspend."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vendors.models import OpeningException, OpeningHours, Vendor, VendorPhoto
from vendors.services import vendor_approve, vendor_suspend


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


class VendorPhotoInline(admin.TabularInline):
    model = VendorPhoto
    extra = 0


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "trade", "status", "sells_online", "city", "updated_at")
    list_filter = ("status", "sells_online", "trade")
    search_fields = ("name", "slug", "legal_name", "email")
    readonly_fields = ("partner", "created_at", "updated_at")
    inlines = [OpeningHoursInline, OpeningExceptionInline, VendorPhotoInline]
    actions = ["approve", "suspend"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "trade", "tagline", "description", "logo", "partner")}),
        (
            _("Address and contact"),
            {
                "fields": (
                    "street",
                    "postcode",
                    "city",
                    "latitude",
                    "longitude",
                    "phone",
                    "email",
                    "website",
                ),
            },
        ),
        (
            _("Impressum"),
            {
                "fields": (
                    "legal_name",
                    "legal_form",
                    "representative",
                    "register_court",
                    "register_number",
                    "vat_id",
                ),
            },
        ),
        (
            _("Selling and pickup"),
            {
                "fields": ("status", "sells_online", "pickup_preparation_minutes", "pickup_note"),
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def has_add_permission(self, request):
        # A shop is registered with its Oscar partner in one step (vendor_create / add_vendor).
        return False

    @admin.action(description=_("Approve the selected shops"), permissions=["change"])
    def approve(self, request, queryset):
        for vendor in queryset:
            vendor_approve(vendor=vendor)
        count = queryset.count()
        message = ngettext("%d shop approved.", "%d shops approved.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Suspend the selected shops"), permissions=["change"])
    def suspend(self, request, queryset):
        for vendor in queryset:
            vendor_suspend(vendor=vendor)
        count = queryset.count()
        message = ngettext("%d shop suspended.", "%d shops suspended.", count) % count
        self.message_user(request, message, messages.SUCCESS)
