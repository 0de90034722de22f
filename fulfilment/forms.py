"""Forms of the shop's pickup pages: the code at the counter, the reason for a cancellation.

The templates write the inputs themselves (one per part on the list, the scanner hooks on the
counter); the forms validate what comes back.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


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
