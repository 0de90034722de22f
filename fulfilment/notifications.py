"""E-mails about an order and its parts: to the resident, and short notes to the shops.

Contract of every ``*_notify`` function:

* Safe to call inside a transaction: the mail is handed to a task (``fulfilment.tasks``, run by
  the django-tasks backend of ``settings.TASKS``) after it commits (``on_commit``), never for an
  order or move that is rolled back; outside a transaction at once. A failing mail server never
  undoes the move: the task fails and is logged (the immediate backend raises nothing).
* Each mail is sent at most once per order or part, also when called again or concurrently: the
  order's or part's row is locked, the record of the mail is checked, the mail sent and the
  record written in one transaction (a failed send records nothing, so a retry may send it).
  Records: the order confirmation is Oscar's ``CommunicationEvent`` (code ``ORDER_PLACED``, it
  shows in the dashboard's order page); the reminder sets ``Fulfilment.reminded_at``; every other
  part mail is a ``FulfilmentEvent`` on the part without a status change, noted ``mail:<kind>``;
  the confirmation of a withdrawal sets ``Withdrawal.confirmation_sent_at``, the shop's note on it
  ``WithdrawalPart.shop_notified_at``.
* The resident's mails are in the language they ordered in: the language active when the order
  was confirmed (the checkout request's), kept as an order note of type ``Language``; orders
  without one get ``settings.LANGUAGE_CODE``. The confirmation of a withdrawal is in the language
  of the withdrawal pages. Shop notes are in ``settings.LANGUAGE_CODE``.
* Each mail is plain text with an HTML alternative (templates ``emails/<kind>.txt``,
  ``emails/<kind>.html`` and ``emails/<kind>_subject.txt``); nothing in them loads from outside.
* No recipient address (an order without e-mail, a shop without one): nothing is sent or recorded.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from fulfilment import selectors
from fulfilment.links import order_page_path, order_token
from fulfilment.models import (
    Fulfilment,
    FulfilmentEvent,
    Invoice,
    InvoiceKind,
    Withdrawal,
    WithdrawalOutcome,
    WithdrawalPart,
)
from fulfilment.states import OPEN, FulfilmentStatus
from payments.services import order_provider

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
CommunicationEvent = get_model("order", "CommunicationEvent")
CommunicationEventType = get_model("communication", "CommunicationEventType")

ORDER_PLACED = "ORDER_PLACED"
LANGUAGE_NOTE = "Language"
# The platform's withdrawal policy (a Wagtail content page, linked from the site footer).
WITHDRAWAL_POLICY_PATH = "/widerruf/"


# -- the resident -------------------------------------------------------------------------------


def order_placed_notify(*, order) -> None:
    """Send the order confirmation (once): for each shop its identity (Impressum), items and
    prices, VAT per rate, pickup window and pickup code; the gross total, the payment method,
    the link to the order page, the withdrawal policy and which items it excludes.

    Call it right after the order is placed (also inside the placing transaction).
    """
    language = _language_supported(translation.get_language())
    # Kept now, with the order: a confirmation lost to a crash is sent again by the
    # housekeeping (``fulfilment.tasks``) in the resident's language.
    if not OrderNote.objects.filter(order=order, note_type=LANGUAGE_NOTE).exists():
        OrderNote.objects.create(order=order, note_type=LANGUAGE_NOTE, message=language)
    _after_commit("order_confirmation_send_task", order_id=order.pk, language=language)


def part_ready_notify(*, fulfilment) -> None:
    """Tell the resident that a shop's part is ready (once per part), and which other parts of
    the order are still being prepared and for when."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="part_ready")


def part_reminder_notify(*, fulfilment) -> None:
    """Remind the resident of a ready part before it expires (once per part)."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="part_reminder")


def part_closed_notify(*, fulfilment) -> None:
    """Tell the resident that a part was cancelled or not collected in time, with what happens
    to the money (once per part)."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="part_closed")


def part_collected_notify(*, fulfilment) -> None:
    """The resident's receipt of a handover (once per part): the link to the shop's invoice and
    until when the purchase can be withdrawn from."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="part_collected")


def withdrawal_received_notify(*, withdrawal) -> None:
    """Confirm the receipt of a withdrawal to the e-mail of the order (once): its content, the
    date and time of receipt, and per shop what happens now (cancelled and refunded, or bring
    the goods back by a date)."""
    _after_commit("withdrawal_mail_send_task", withdrawal_id=withdrawal.pk)


# -- the shops ------------------------------------------------------------------------------------


def shop_part_placed_notify(*, fulfilment) -> None:
    """A short note to the shop's e-mail: a new part to prepare (once per part)."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="shop_placed")


def shop_part_expired_notify(*, fulfilment) -> None:
    """A short note to the shop's e-mail: a part was not collected; goods back to the shelf."""
    _after_commit("part_mail_send_task", fulfilment_id=fulfilment.pk, kind="shop_expired")


def shop_withdrawal_notify(*, withdrawal_part) -> None:
    """A short note to the shop's e-mail: the resident withdrew from its part (once per part):
    cancelled (goods back to the shelf), or which items will be brought back."""
    _after_commit("shop_withdrawal_mail_send_task", withdrawal_part_id=withdrawal_part.pk)


@dataclass(frozen=True)
class PartMail:
    """A kind of mail about a part: the statuses the part must still be in when it is sent
    (a part that moved on meanwhile gets no stale mail), and whether it goes to the shop."""

    statuses: frozenset
    to_shop: bool = False


PART_MAILS = {
    "part_ready": PartMail(frozenset({FulfilmentStatus.READY})),
    "part_reminder": PartMail(frozenset({FulfilmentStatus.READY})),
    "part_closed": PartMail(frozenset({FulfilmentStatus.CANCELLED, FulfilmentStatus.EXPIRED})),
    "part_collected": PartMail(frozenset({FulfilmentStatus.COLLECTED})),
    "shop_placed": PartMail(frozenset(OPEN), to_shop=True),
    "shop_expired": PartMail(frozenset({FulfilmentStatus.EXPIRED}), to_shop=True),
}


# -- how -------------------------------------------------------------------------------------------


def site_base_url() -> str:
    """Scheme and host for links in mails: the default Wagtail site's root URL once it is set
    up (Settings → Sites in the CMS); while it still is Wagtail's unconfigured ``localhost``,
    ``settings.WAGTAILADMIN_BASE_URL`` (from the environment)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and site.hostname not in {"", "localhost"}:
        return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def order_language(order) -> str:
    """The language the resident ordered in (see the module docstring)."""
    note = (
        OrderNote.objects.filter(order=order, note_type=LANGUAGE_NOTE)
        .order_by("date_created", "pk")
        .values_list("message", flat=True)
        .first()
    )
    return _language_supported(note)


def _language_supported(code: str | None) -> str:
    codes = {language for language, _name in settings.LANGUAGES}
    code = (code or "").split("-")[0].lower()
    return code if code in codes else settings.LANGUAGE_CODE


def _after_commit(task_name: str, **kwargs) -> None:
    """Enqueue the mail's task once the current transaction commits (``fulfilment.tasks``;
    with the immediate backend it runs then and there, a failure is logged, not raised)."""
    from fulfilment import tasks

    transaction.on_commit(partial(getattr(tasks, task_name).enqueue, **kwargs))


def order_confirmation_send(*, order_id: int, language: str) -> bool:
    """Send the order confirmation unless it was sent; True if it was sent now."""
    event_type, _created = CommunicationEventType.objects.get_or_create(
        code=ORDER_PLACED,
        defaults={"name": "Order placed", "category": CommunicationEventType.ORDER_RELATED},
    )
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if CommunicationEvent.objects.filter(order=order, event_type=event_type).exists():
            return False
        if not OrderNote.objects.filter(order=order, note_type=LANGUAGE_NOTE).exists():
            OrderNote.objects.create(order=order, note_type=LANGUAGE_NOTE, message=language)
        if not order.email:
            logger.warning("Order %s has no e-mail address: no confirmation sent.", order.number)
            return False
        base_url = site_base_url()
        parts = selectors.order_parts(order=order)
        context = {
            "order": order,
            "parts": parts,
            "customer": selectors.order_customer(order=order),
            "order_vat": selectors.vat_by_rate([line for part in parts for line in part.lines]),
            "payment": order_provider(order),
            "order_url": base_url + order_page_path(order),
            "withdrawal_url": base_url + WITHDRAWAL_POLICY_PATH,
            "has_perishables": any(part.has_perishables for part in parts),
            "site_url": base_url,
        }
        _send(kind="order_placed", to=order.email, context=context, language=language)
        CommunicationEvent.objects.create(order=order, event_type=event_type)
    return True


def part_mail_send(*, fulfilment_id: int, kind: str) -> bool:
    """Send a part's mail of ``kind`` (``PART_MAILS``) unless it was sent or the part moved on;
    True if it was sent now."""
    mail = PART_MAILS[kind]
    marker = f"mail:{kind}"
    with transaction.atomic():
        part = (
            Fulfilment.objects.select_for_update()
            .select_related("order", "vendor")
            .get(pk=fulfilment_id)
        )
        if part.status not in mail.statuses:
            return False
        if kind == "part_reminder":
            if part.reminded_at is not None:
                return False
        elif FulfilmentEvent.objects.filter(fulfilment=part, note=marker).exists():
            return False
        recipient = part.vendor.email if mail.to_shop else part.order.email
        if not recipient:
            return False
        _send(
            kind=kind,
            to=recipient,
            context=_part_context(part, for_shop=mail.to_shop),
            language=settings.LANGUAGE_CODE if mail.to_shop else order_language(part.order),
            reply_to=None if mail.to_shop else part.vendor.email,
        )
        if kind == "part_reminder":
            part.reminded_at = timezone.now()
            part.save(update_fields=["reminded_at", "updated_at"])
        else:
            FulfilmentEvent.objects.create(
                fulfilment=part, from_status=part.status, to_status=part.status, note=marker
            )
    return True


def _part_context(part: Fulfilment, *, for_shop: bool = False) -> dict:
    """What a part's mail shows; a shop's note gets nothing of the order's other parts."""
    order = part.order
    base_url = site_base_url()
    summaries = selectors.order_parts(order=order)
    this = next(summary for summary in summaries if summary.fulfilment.pk == part.pk)
    context = {
        "order": order,
        "part": this,
        "fulfilment": part,
        "vendor": part.vendor,
        "shop_parts_url": base_url
        + reverse("fulfilment:shop_parts", kwargs={"slug": part.vendor.slug}),
        "site_url": base_url,
    }
    if for_shop:
        return context
    others = [summary for summary in summaries if summary.fulfilment.pk != part.pk]
    provider = order_provider(order)
    preparing = {FulfilmentStatus.PLACED, FulfilmentStatus.ACCEPTED}
    context.update(
        others_preparing=[other for other in others if other.fulfilment.status in preparing],
        others_ready=[
            other for other in others if other.fulfilment.status == FulfilmentStatus.READY
        ],
        customer=selectors.order_customer(order=order),
        reason=selectors.part_close_reason(fulfilment=part),
        is_expired=part.status == FulfilmentStatus.EXPIRED,
        pays_online=provider.pays_online,
        payment=provider,
        order_url=base_url + order_page_path(order),
    )
    if part.status == FulfilmentStatus.COLLECTED:
        invoice = Invoice.objects.filter(fulfilment=part, kind=InvoiceKind.INVOICE).first()
        context.update(
            invoice=invoice,
            invoice_url=base_url + invoice_path(order, invoice) if invoice else "",
            withdrawal_last_day=part.withdrawal_last_day,
            withdrawal_start_url=base_url + withdrawal_start_path(order),
            has_perishables=this.has_perishables,
        )
    return context


def invoice_path(order, invoice) -> str:
    """The resident's link to a document of their order (signed by the order's token)."""
    return reverse(
        "fulfilment:order_invoice", kwargs={"token": order_token(order), "pk": invoice.pk}
    )


def withdrawal_start_path(order) -> str:
    """The withdrawal button's page for this order, the order already known (signed link)."""
    return reverse("fulfilment:withdrawal_order", kwargs={"token": order_token(order)})


def withdrawal_confirmation_send(*, withdrawal_id: int) -> bool:
    """Send the confirmation of a withdrawal's receipt unless it was sent; True if sent now."""
    with transaction.atomic():
        withdrawal = (
            Withdrawal.objects.select_for_update().select_related("order").get(pk=withdrawal_id)
        )
        if withdrawal.confirmation_sent_at is not None or not withdrawal.email:
            return False
        from fulfilment.withdrawals import withdrawal_items  # it queues these mails

        order = withdrawal.order
        base_url = site_base_url()
        context = {
            "withdrawal": withdrawal,
            "order": order,
            "items": withdrawal_items(withdrawal=withdrawal),
            "pays_online": order_provider(order).pays_online,
            "order_url": base_url + order_page_path(order),
            "site_url": base_url,
        }
        _send(
            kind="withdrawal_received",
            to=withdrawal.email,
            context=context,
            language=_language_supported(withdrawal.language),
        )
        withdrawal.confirmation_sent_at = timezone.now()
        withdrawal.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True


def shop_withdrawal_send(*, withdrawal_part_id: int) -> bool:
    """Send the shop its note on a withdrawal from its part unless it was sent; True if now."""
    with transaction.atomic():
        item = (
            WithdrawalPart.objects.select_for_update()
            .select_related("withdrawal", "fulfilment__order", "fulfilment__vendor")
            .get(pk=withdrawal_part_id)
        )
        if item.shop_notified_at is not None:
            return False
        part = item.fulfilment
        if not part.vendor.email:
            return False
        context = {
            "item": item,
            "withdrawal": item.withdrawal,
            "fulfilment": part,
            "vendor": part.vendor,
            "order": part.order,
            "lines": list(item.lines.order_by("pk")),
            "is_cancelled": item.outcome == WithdrawalOutcome.CANCELLED,
            "shop_parts_url": site_base_url()
            + reverse("fulfilment:shop_parts", kwargs={"slug": part.vendor.slug}),
        }
        _send(
            kind="shop_withdrawal",
            to=part.vendor.email,
            context=context,
            language=settings.LANGUAGE_CODE,
        )
        item.shop_notified_at = timezone.now()
        item.save(update_fields=["shop_notified_at", "updated_at"])
    return True


def _send(*, kind: str, to: str, context: dict, language: str, reply_to: str | None = None):
    context = {"site_name": settings.OSCAR_SHOP_NAME, **context}
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        subject = render_to_string(f"emails/{kind}_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/{kind}.txt", context)
        html = render_to_string(f"emails/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()
