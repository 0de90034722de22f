"""Forms of the shop's pickup pages (the code at the counter, the reason for a cancellation)
and of the withdrawal button's two steps.

The templates write the inputs themselves (one per part on the list, the scanner hooks on the
counter, the checkboxes of the withdrawal); the forms validate what comes back.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from fulfilment.withdrawals import CANCEL, RETURN


class PickupCodeForm(forms.Form):
    """The code the resident shows: typed (forgiving, see ``fulfilment.codes``) or scanned."""

    code = forms.CharField(
        label=_("Pickup code"),
        max_length=32,
        help_text=_("8 characters, e.g. K7Q4-9MXT. Case, spaces and dashes do not matter."),
    )


class CancelForm(forms.Form):
    """Why the shop cannot supply a part; the resident reads it in the cancellation mail."""

    reason = forms.CharField(
        label=_("Reason for the resident"),
        max_length=200,
        help_text=_("e.g. Sold out in the shop. The resident reads this in the e-mail."),
    )


class WithdrawalLookupForm(forms.Form):
    """Step 1 of the withdrawal button, without the order's link: which order."""

    order_number = forms.CharField(
        label=_("Order number"),
        max_length=128,
        help_text=_("It is in your order confirmation, e.g. 100042."),
    )
    email = forms.EmailField(
        label=_("E-mail address of the order"),
        max_length=254,
        help_text=_("The address you ordered with; the confirmation of receipt is sent there."),
    )


class WithdrawalChoiceForm(forms.Form):
    """Step 1, the order known: who withdraws, and from which parts (not collected yet) or
    items (collected). The choices are what ``withdrawals.withdrawal_choices`` allows."""

    identity = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=160)
    parts = forms.TypedMultipleChoiceField(coerce=int, required=False)
    lines = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [
            (choice.fulfilment.pk, choice.vendor.name)
            for choice in choices
            if choice.mode == CANCEL
        ]
        self.fields["lines"].choices = [
            (line.line.pk, line.line.title)
            for choice in choices
            if choice.mode == RETURN
            for line in choice.lines
            if not line.perishable
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("parts") and not data.get("lines"):
            raise forms.ValidationError(_("Please choose what you want to withdraw from."))
        return data


class WithdrawalConfirmForm(forms.Form):
    """Step 2: the declaration shown, signed; the button "Confirm withdrawal" sends it."""

    declaration = forms.CharField(widget=forms.HiddenInput)
