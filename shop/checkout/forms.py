"""Forms of the pickup and payment-method steps (Oscar's checkout forms stay Oscar's).

``get_class("checkout.forms", ...)`` looks here first and falls back to Oscar's module, so only
the forms we add live in this file.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shop.checkout.pickup import ShopPickup


class PickupForm(forms.Form):
    """One radio group per shop: the slot the resident collects that shop's part in.

    Each shop's field is named ``slot-<vendor id>``; its choices are the slot keys the shop
    offers now. A shop without any slot makes the form invalid (its items must leave the basket
    first).
    """

    def __init__(self, *args, shops: list[ShopPickup], **kwargs):
        super().__init__(*args, **kwargs)
        self.shops = shops
        for shop in shops:
            if not shop.slots:
                continue
            self.fields[self.field_name(shop)] = forms.ChoiceField(
                label=shop.vendor.name,
                widget=forms.RadioSelect,
                choices=[(slot.key, slot.key) for slot in shop.slots],
                error_messages={
                    "required": gettext("Please choose a pickup time at %(shop)s.")
                    % {"shop": shop.vendor.name},
                    "invalid_choice": gettext(
                        "This pickup time at %(shop)s is no longer available. "
                        "Please choose another one."
                    )
                    % {"shop": shop.vendor.name},
                },
            )

    @staticmethod
    def field_name(shop: ShopPickup) -> str:
        return f"slot-{shop.vendor.pk}"

    def clean(self):
        cleaned = super().clean()
        closed = [shop.vendor.name for shop in self.shops if not shop.slots]
        if closed:
            raise forms.ValidationError(
                _("%(shops)s cannot be collected in the coming days. Please remove its items.")
                % {"shops": ", ".join(closed)}
            )
        return cleaned

    def slot_keys(self) -> dict[int, str]:
        return {shop.vendor.pk: self.cleaned_data[self.field_name(shop)] for shop in self.shops}


class PaymentMethodForm(forms.Form):
    """The payment providers that can take this basket; one alone is pre-selected."""

    provider = forms.ChoiceField(
        label=_("How do you want to pay?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how you want to pay.")},
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {provider.identifier: provider for provider in providers}
        field = self.fields["provider"]
        field.choices = [(p.identifier, p.verbose_name) for p in providers]
        if len(providers) == 1 and not self.initial.get("provider"):
            self.initial["provider"] = providers[0].identifier

    def chosen_provider(self):
        return self.providers[self.cleaned_data["provider"]]
