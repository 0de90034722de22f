"""Read-only admin for what we mirror from Stripe: operators look, Stripe and the services write."""

from django.contrib import admin

from payments.models import ConnectedAccount, Payment, Payout, Refund, WebhookEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConnectedAccount)
class ConnectedAccountAdmin(ReadOnlyAdmin):
    list_display = ["vendor", "account_id", "charges_enabled", "payouts_enabled", "synced_at"]
    list_filter = ["charges_enabled", "payouts_enabled"]
    search_fields = ["vendor__name", "account_id"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "order_number",
        "attempt",
        "status",
        "amount",
        "amount_received",
        "voided_at",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["order_number", "intent_id", "charge_id"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["fulfilment", "status", "amount", "reversed_amount", "transfer_id"]
    list_filter = ["status"]
    search_fields = ["transfer_id", "payment__order_number"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["payment", "fulfilment", "reason", "status", "amount", "reversal_amount"]
    list_filter = ["status", "reason"]
    search_fields = ["refund_id", "payment__order_number"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "status", "stripe_created", "created_at"]
    list_filter = ["status", "type"]
    search_fields = ["event_id"]
