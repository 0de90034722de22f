"""``{% load shop_staff %}``: whether the user works for a shop (to show "For shops")."""

from django import template

from fulfilment.selectors import vendors_of_user

register = template.Library()


@register.filter
def works_for_a_shop(user) -> bool:
    """True for a logged-in member of some shop's staff (``Partner.users``); one query per
    request at most (remembered on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, "_works_for_a_shop"):
        user._works_for_a_shop = vendors_of_user(user=user).exists()
    return user._works_for_a_shop
