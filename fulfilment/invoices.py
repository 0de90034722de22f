"""Invoices and credit notes of shops' parts: issued once, numbered gap-free per shop, frozen.

When: a part's invoice is issued at the handover, inside the transaction of
``services.pickup_code_redeem`` that makes the part collected, so a part is collected if and
only if it has its invoice (a failure rolls the handover back; the shop scans again). A credit
note ("Rechnungskorrektur") follows when the shop takes withdrawn goods back
(``withdrawals.withdrawal_goods_returned``), in that transaction too.

Numbers: invoices and credit notes of a shop share one sequence (``InvoiceSequence``). A number
is drawn under a row lock on the shop's sequence row, in the same transaction that stores the
document, so two handovers at the same time wait for each other, a rollback gives the number
back, and no number is used twice or skipped. Locks are always taken part first, then the
sequence.

Content: everything the document prints is frozen into ``Invoice.snapshot`` when it is issued
(amounts as strings of cents, times in ISO 8601): seller identity from the shop's Impressum,
buyer, lines with quantity, unit gross, VAT rate and line gross, VAT per rate, totals, order
reference, date of the handover and the payment method. Credit notes carry negative amounts
and name the invoice they correct.
"""

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment, Invoice, InvoiceKind, InvoiceSequence
from fulfilment.selectors import order_customer, vat_by_rate
from fulfilment.services import FulfilmentError
from fulfilment.states import FulfilmentStatus
from payments.services import order_provider
from vendors.models import Vendor

Line = get_model("order", "Line")

CENT = Decimal("0.01")
SNAPSHOT_VERSION = 1


# -- writes ------------------------------------------------------------------------------------


def _number_draw(*, vendor_id: int) -> int:
    """The shop's next number; call inside the transaction that stores the document."""
    sequence = InvoiceSequence.objects.select_for_update().filter(vendor_id=vendor_id).first()
    if sequence is None:
        # First document of the shop: a parallel first one inserts nothing and waits below.
        InvoiceSequence.objects.bulk_create(
            [InvoiceSequence(vendor_id=vendor_id)], ignore_conflicts=True
        )
        sequence = InvoiceSequence.objects.select_for_update().get(vendor_id=vendor_id)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _locked_part(fulfilment_id: int) -> Fulfilment:
    # The part's row only: the shop's sequence row is what orders the numbers.
    return (
        Fulfilment.objects.select_for_update(of=("self",))
        .select_related("order", "vendor")
        .get(pk=fulfilment_id)
    )


@transaction.atomic
def invoice_issue(*, fulfilment_id: int) -> Invoice:
    """Issue the invoice of a collected part: the shop's next number, the content as it is now.

    Idempotent: a part that has its invoice gets it back unchanged. Raises FulfilmentError for
    a part not collected (an invoice is for goods handed over).
    """
    part = _locked_part(fulfilment_id)
    existing = Invoice.objects.filter(fulfilment=part, kind=InvoiceKind.INVOICE).first()
    if existing is not None:
        return existing
    if part.status != FulfilmentStatus.COLLECTED:
        raise FulfilmentError(_("An invoice is issued when the order is handed over."))
    lines = list(part.lines().select_related("product").order_by("pk"))
    issued_at = timezone.now()
    number = _number_draw(vendor_id=part.vendor_id)
    snapshot = _snapshot(
        kind=InvoiceKind.INVOICE, part=part, lines=lines, number=number, issued_at=issued_at
    )
    return Invoice.objects.create(
        fulfilment=part,
        vendor_id=part.vendor_id,
        kind=InvoiceKind.INVOICE,
        number=number,
        issued_at=issued_at,
        snapshot=snapshot,
    )


@transaction.atomic
def credit_note_issue(*, fulfilment_id: int, lines, declared_at: datetime) -> Invoice | None:
    """Issue the correction of a part's invoice for ``lines`` taken back after a withdrawal
    declared at ``declared_at``: negative amounts, the shop's next number, naming the invoice.

    Idempotent per part (a part is withdrawn from once). None when the part has no invoice
    (handed over before invoices were issued here): there is nothing to correct.
    """
    part = _locked_part(fulfilment_id)
    existing = Invoice.objects.filter(fulfilment=part, kind=InvoiceKind.CREDIT_NOTE).first()
    if existing is not None:
        return existing
    invoice = Invoice.objects.filter(fulfilment=part, kind=InvoiceKind.INVOICE).first()
    if invoice is None:
        return None
    lines = sorted(lines, key=lambda line: line.pk)
    if any(
        line.order_id != part.order_id or line.partner_id != part.vendor.partner_id
        for line in lines
    ):
        raise FulfilmentError("A credit note can only take back lines of its own part.")
    issued_at = timezone.now()
    number = _number_draw(vendor_id=part.vendor_id)
    snapshot = _snapshot(
        kind=InvoiceKind.CREDIT_NOTE,
        part=part,
        lines=lines,
        number=number,
        issued_at=issued_at,
        corrects=invoice,
        declared_at=declared_at,
    )
    return Invoice.objects.create(
        fulfilment=part,
        vendor_id=part.vendor_id,
        kind=InvoiceKind.CREDIT_NOTE,
        number=number,
        corrects=invoice,
        issued_at=issued_at,
        snapshot=snapshot,
    )


# -- the frozen content --------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return str(amount if amount else abs(amount))  # never "-0.00"


def _vat_rate(line) -> Decimal:
    """The line's VAT rate in percent, by the same rule as the order's VAT lines."""
    found = vat_by_rate([line])
    return found[0].rate if found else Decimal(0)


def _seller(vendor: Vendor) -> dict:
    return {
        "name": vendor.legal_name or vendor.name,
        "trade_name": vendor.name,
        "legal_form": vendor.legal_form,
        "representative": vendor.representative,
        "street": vendor.street,
        "postcode": vendor.postcode,
        "city": vendor.city,
        "email": vendor.email,
        "phone": vendor.phone,
        "vat_id": vendor.vat_id,
        # The Steuernummer, as soon as the shop profile has a field for it.
        "tax_number": getattr(vendor, "tax_number", "") or "",
        "register_court": vendor.register_court,
        "register_number": vendor.register_number,
    }


def _payment(order) -> dict:
    provider = order_provider(order)
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = str(provider.verbose_name)
    return {"method": provider.identifier, "paid_online": provider.pays_online, "label": labels}


def _lines(lines, sign: int) -> list[dict]:
    rows = []
    for line in lines:
        unit = line.unit_price_incl_tax
        if unit is None:
            unit = line.line_price_before_discounts_incl_tax / line.quantity
        discount = line.line_price_before_discounts_incl_tax - line.line_price_incl_tax
        rows.append(
            {
                "title": line.title,
                "sku": line.partner_sku,
                "quantity": line.quantity,
                "unit_gross": _money(sign * unit),
                "vat_rate": str(_vat_rate(line)),
                "discount": _money(sign * discount),
                "line_gross": _money(sign * line.line_price_incl_tax),
            }
        )
    return rows


def _vat_breakdown(lines, sign: int) -> list[dict]:
    """Per rate, highest first: net, VAT and gross; the VAT is rounded once per rate."""
    gross: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        gross[_vat_rate(line)] += line.line_price_incl_tax
    vat = {amount.rate: amount.amount for amount in vat_by_rate(lines)}
    rows = []
    for rate in sorted(gross, reverse=True):
        rate_gross = gross[rate].quantize(CENT, rounding=ROUND_HALF_UP)
        rate_vat = vat.get(rate, Decimal(0))
        rows.append(
            {
                "rate": str(rate),
                "net": _money(sign * (rate_gross - rate_vat)),
                "vat": _money(sign * rate_vat),
                "gross": _money(sign * rate_gross),
            }
        )
    return rows


def _snapshot(
    *,
    kind: str,
    part: Fulfilment,
    lines,
    number: int,
    issued_at: datetime,
    corrects: Invoice | None = None,
    declared_at: datetime | None = None,
) -> dict:
    order = part.order
    sign = -1 if kind == InvoiceKind.CREDIT_NOTE else 1
    vat = _vat_breakdown(lines, sign)
    gross = sum((Decimal(row["gross"]) for row in vat), Decimal(0))
    vat_total = sum((Decimal(row["vat"]) for row in vat), Decimal(0))
    customer = order_customer(order=order)
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "number": Invoice.format_number(number),
        "issued_at": issued_at.isoformat(),
        "currency": order.currency,
        "seller": _seller(part.vendor),
        "buyer": {"name": customer.name, "email": customer.email},
        "order": {
            "number": str(order.number),
            "reference": part.reference,
            "placed_at": order.date_placed.isoformat() if order.date_placed else None,
        },
        "collected_at": part.collected_at.isoformat() if part.collected_at else None,
        "payment": _payment(order),
        "lines": _lines(lines, sign),
        "vat": vat,
        "totals": {
            "net": _money(gross - vat_total),
            "vat": _money(vat_total),
            "gross": _money(gross),
        },
        "corrects": None,
    }
    if corrects is not None:
        snapshot["corrects"] = {
            "number": corrects.display_number,
            "issued_at": corrects.issued_at.isoformat(),
        }
        snapshot["withdrawal_declared_at"] = declared_at.isoformat() if declared_at else None
    return snapshot


# -- reads -------------------------------------------------------------------------------------


def invoice_document(invoice: Invoice) -> dict:
    """The snapshot ready for a template: ISO times as datetimes, the payment label in the
    active language; amounts stay strings (the ``currency`` filter takes them)."""
    document = dict(invoice.snapshot)
    for key in ("issued_at", "collected_at", "withdrawal_declared_at"):
        if document.get(key):
            document[key] = datetime.fromisoformat(document[key])
    if document.get("order", {}).get("placed_at"):
        document["order"] = {
            **document["order"],
            "placed_at": datetime.fromisoformat(document["order"]["placed_at"]),
        }
    if document.get("corrects"):
        document["corrects"] = {
            **document["corrects"],
            "issued_at": datetime.fromisoformat(document["corrects"]["issued_at"]),
        }
    labels = document["payment"]["label"]
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    document["payment_label"] = labels.get(language) or labels.get(settings.LANGUAGE_CODE, "")
    document["is_credit_note"] = invoice.kind == InvoiceKind.CREDIT_NOTE
    return document


def order_invoices(*, order) -> dict[int, list[Invoice]]:
    """The invoices and credit notes of an order's parts, by part id (invoice first)."""
    found: dict[int, list[Invoice]] = defaultdict(list)
    for invoice in Invoice.objects.filter(fulfilment__order=order).order_by("fulfilment", "number"):
        found[invoice.fulfilment_id].append(invoice)
    return found


def order_invoice_get(*, order, invoice_id: int) -> Invoice:
    """One of the order's documents; raises Invoice.DoesNotExist for any other."""
    return Invoice.objects.select_related("fulfilment").get(pk=invoice_id, fulfilment__order=order)


def vendor_invoice_get(*, vendor: Vendor, fulfilment_id: int, kind: str) -> Invoice:
    """The vendor's document of ``kind`` for one of its parts; raises Invoice.DoesNotExist for
    another shop's part (or no such document)."""
    return Invoice.objects.get(
        vendor=vendor, fulfilment__vendor=vendor, fulfilment_id=fulfilment_id, kind=kind
    )
