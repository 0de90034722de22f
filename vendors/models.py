"""Local businesses (vendors): profile, opening hours, Impressum, photos, staff.

A ``Vendor`` is linked 1:1 to an Oscar ``Partner``; the partner carries the catalogue (stock
records) and the staff accounts (``Partner.users``, non-staff users). The vendor carries
everything a resident sees of the business and whether it may sell.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        abstract = True


class Trade(models.TextChoices):
    BAKERY = "bakery", _("Bakery")
    BUTCHER = "butcher", _("Butcher")
    DELICATESSEN = "delicatessen", _("Delicatessen")
    GROCERY = "grocery", _("Grocery")
    FLORIST = "florist", _("Florist")
    BOOKSHOP = "bookshop", _("Bookshop")
    STATIONERY = "stationery", _("Stationery")
    BIKE_SHOP = "bike_shop", _("Bike shop")
    FASHION = "fashion", _("Fashion")
    SHOES = "shoes", _("Shoes")
    TOYS = "toys", _("Toys")
    HARDWARE = "hardware", _("Hardware")
    ELECTRONICS = "electronics", _("Electronics")
    OPTICIAN = "optician", _("Optician")
    PHARMACY = "pharmacy", _("Pharmacy")
    DRUGSTORE = "drugstore", _("Drugstore")
    JEWELLERY = "jewellery", _("Jewellery")
    HOME = "home", _("Home and living")
    SPORTS = "sports", _("Sports")
    GIFTS = "gifts", _("Gifts and souvenirs")
    CAFE = "cafe", _("Café")
    RESTAURANT = "restaurant", _("Restaurant")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other")


class VendorStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")


class VendorQuerySet(models.QuerySet):
    def visible(self):
        """Vendors residents may see: approved ones."""
        return self.filter(status=VendorStatus.APPROVED)


class Vendor(TimestampedModel):
    """A local business of the inner city.

    Contract: only ``status == approved`` vendors are visible to residents; only visible vendors
    with ``sells_online`` can be ordered from (``is_orderable``). The linked partner's name is
    kept equal to the vendor's name by the services in ``vendors.services``.
    """

    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="vendor",
        verbose_name=_("Partner"),
    )
    name = models.CharField(_("Name"), max_length=128)
    slug = models.SlugField(_("Slug"), max_length=128, unique=True)
    trade = models.CharField(_("Trade"), max_length=32, choices=Trade.choices, default=Trade.OTHER)
    tagline = models.CharField(_("Tagline"), max_length=160, blank=True)
    description = models.TextField(_("Description"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="vendors/logos/", blank=True)

    street = models.CharField(_("Street and number"), max_length=128, blank=True)
    postcode = models.CharField(_("Postcode"), max_length=10, blank=True)
    city = models.CharField(_("City"), max_length=64, default="Forst (Lausitz)")
    latitude = models.DecimalField(
        _("Latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("Longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    phone = models.CharField(_("Phone"), max_length=32, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)

    # Impressum (§ 5 DDG): who is legally behind the business.
    legal_name = models.CharField(_("Legal name"), max_length=160, blank=True)
    legal_form = models.CharField(
        _("Legal form"), max_length=64, blank=True, help_text=_("e.g. e. K., GmbH, GbR")
    )
    representative = models.CharField(_("Represented by"), max_length=160, blank=True)
    register_court = models.CharField(_("Register court"), max_length=100, blank=True)
    register_number = models.CharField(_("Register number"), max_length=40, blank=True)
    vat_id = models.CharField(_("VAT ID"), max_length=20, blank=True)

    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=VendorStatus.choices,
        default=VendorStatus.APPLIED,
        db_index=True,
    )
    sells_online = models.BooleanField(
        _("Sells online"),
        default=True,
        help_text=_(
            "Off: the shop is only listed (profile, opening hours), nothing can be ordered."
        ),
    )
    pickup_preparation_minutes = models.PositiveIntegerField(
        _("Preparation time for pickup (minutes)"), default=120
    )
    pickup_note = models.CharField(
        _("Pickup note"),
        max_length=200,
        blank=True,
        help_text=_("Shown on product pages, e.g. 'Please ring at the side door'."),
    )
    pickup_slot_minutes = models.PositiveSmallIntegerField(
        _("Length of a pickup slot (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    pickup_slot_capacity = models.PositiveSmallIntegerField(
        _("Orders per pickup slot"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    pickup_days_ahead = models.PositiveSmallIntegerField(
        _("Pickup slots offered for (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    collect_within_days = models.PositiveSmallIntegerField(
        _("Days to collect after the slot"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_(
            "Orders not collected by then expire: the stock is released, the money refunded."
        ),
    )

    objects = VendorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Shop")
        verbose_name_plural = _("Shops")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:detail", kwargs={"slug": self.slug})

    @property
    def is_visible(self) -> bool:
        return self.status == VendorStatus.APPROVED

    @property
    def is_orderable(self) -> bool:
        return self.is_visible and self.sells_online

    @property
    def address_line(self) -> str:
        return ", ".join(
            part for part in (self.street, f"{self.postcode} {self.city}".strip()) if part
        )

    @property
    def impressum_missing(self) -> list[str]:
        """Names of Impressum fields still empty; a shop should not sell before this is empty."""
        required = ("legal_name", "representative", "street", "postcode", "city", "email")
        return [name for name in required if not getattr(self, name)]


class VendorPhoto(TimestampedModel):
    """A photo of the shop (front, inside, team), shown on the shop page in ``position`` order."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("Photo"), upload_to="vendors/photos/")
    alt_text = models.CharField(_("Description for screen readers"), max_length=200)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        ordering = ["vendor", "position", "id"]
        verbose_name = _("Shop photo")
        verbose_name_plural = _("Shop photos")

    def __str__(self) -> str:
        return self.alt_text


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(TimestampedModel):
    """One opening interval on a weekday; a day may have several (lunch break)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("Opens"))
    closes = models.TimeField(_("Closes"))

    class Meta:
        ordering = ["vendor", "weekday", "opens"]
        verbose_name = _("Opening hours")
        verbose_name_plural = _("Opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="opening_hours_opens_before_closes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The shop must open before it closes."))


class OpeningException(TimestampedModel):
    """Holidays, closed days or special hours from ``start_date`` to ``end_date`` (inclusive).

    With ``opens``/``closes`` empty the shop is closed on those days; with both set it is open
    only in that interval (e.g. late-night shopping until 22:00).
    """

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="opening_exceptions")
    start_date = models.DateField(_("From"))
    end_date = models.DateField(_("Until"))
    opens = models.TimeField(_("Opens"), null=True, blank=True)
    closes = models.TimeField(_("Closes"), null=True, blank=True)
    note = models.CharField(_("Note"), max_length=120, blank=True, help_text=_("e.g. Holidays"))

    class Meta:
        ordering = ["vendor", "start_date"]
        verbose_name = _("Opening exception")
        verbose_name_plural = _("Opening exceptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="opening_exception_dates_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(opens__isnull=True, closes__isnull=True)
                    | models.Q(
                        opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")
                    )
                ),
                name="opening_exception_hours_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.start_date}–{self.end_date} {self.note}".strip()

    @property
    def is_closed(self) -> bool:
        return self.opens is None

    def clean(self) -> None:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError(_("The end date must not be before the start date."))
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(_("Give both opening and closing time, or neither for closed."))
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The shop must open before it closes."))
