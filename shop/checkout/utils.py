"""The checkout session, with the resident's pickup times.

Oscar loads ``CheckoutSessionData`` from ``checkout.utils`` through ``get_class``; this subclass
adds the ``pickup`` namespace: the chosen slot per shop, as ``{vendor id: slot key}`` (the key is
``fulfilment.slots.Slot.key``, the slot's local start in ISO 8601). The payment provider is kept
in Oscar's own ``payment`` namespace (``pay_by`` / ``payment_method``).
"""

from collections.abc import Mapping

from oscar.apps.checkout import utils


class CheckoutSessionData(utils.CheckoutSessionData):
    def use_pickup_slots(self, slot_keys: Mapping[int, str]) -> None:
        """Remember the chosen slot of each shop (replaces an earlier choice)."""
        self._flush_namespace("pickup")
        self._set("pickup", "slots", {str(vendor_id): key for vendor_id, key in slot_keys.items()})

    def pickup_slot_keys(self) -> dict[int, str]:
        """The chosen slot key per vendor id; empty before the pickup step."""
        stored = self._get("pickup", "slots") or {}
        return {int(vendor_id): key for vendor_id, key in stored.items()}
