"""Shop directory (``/shops/``) and shop pages (``/shops/<slug>/``) for residents.

Only approved shops are shown (``vendors.selectors``); everything a page lists is loaded with a
fixed number of queries, whatever the number of shops or products on the page.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from vendors.models import Trade, Vendor, Weekday
from vendors.opening_hours import week_schedule
from vendors.selectors import vendor_get_visible, vendor_list_visible, vendor_products

SCHEMA_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


class VendorListView(ListView):
    """The directory: approved shops, optionally of one trade (``?trade=bakery``)."""

    template_name = "vendors/vendor_list.html"
    context_object_name = "vendors"
    paginate_by = 48

    def selected_trade(self) -> str:
        trade = self.request.GET.get("trade", "")
        return trade if trade in Trade.values else ""

    def get_queryset(self):
        vendors = vendor_list_visible()
        if trade := self.selected_trade():
            vendors = vendors.filter(trade=trade)
        return vendors

    def paginate_queryset(self, queryset, page_size):
        """A page number out of range (a shop left, an old link) shows the nearest page, as on
        the catalogue pages, instead of a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Vendor.objects.visible().order_by().values_list("trade").annotate(n=Count("id"))
        )
        context["trades"] = [
            {"code": code, "label": label, "count": counts[code]}
            for code, label in Trade.choices
            if counts.get(code)
        ]
        context["selected_trade"] = self.selected_trade()
        context["selected_trade_label"] = (
            Trade(context["selected_trade"]).label if context["selected_trade"] else ""
        )
        return context


class VendorDetailView(DetailView):
    """A shop's page: profile, contact, opening hours, pickup terms, Impressum, products."""

    template_name = "vendors/vendor_detail.html"
    context_object_name = "vendor"
    products_per_page = settings.OSCAR_PRODUCTS_PER_PAGE

    def get_object(self, queryset=None):
        try:
            return vendor_get_visible(slug=self.kwargs["slug"])
        except Vendor.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = self.object
        weekly = list(vendor.opening_hours.all())
        exceptions = list(vendor.opening_exceptions.all())
        today = timezone.localdate()
        page = Paginator(vendor_products(vendor=vendor), self.products_per_page).get_page(
            self.request.GET.get("page")
        )
        context.update(
            weekly_hours=[
                {"label": label, "intervals": [row for row in weekly if row.weekday == day]}
                for day, label in Weekday.choices
            ],
            next_days=week_schedule(weekly, exceptions, start=today),
            upcoming_exceptions=[exc for exc in exceptions if exc.end_date >= today][:5],
            today=today,
            page_obj=page,
            paginator=page.paginator,
            products=page.object_list,
            structured_data=local_business_data(vendor, weekly, self.request),
        )
        return context


def local_business_data(vendor: Vendor, weekly, request) -> dict:
    """schema.org ``Store`` (a LocalBusiness) for the shop page's JSON-LD block."""
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": vendor.name,
        "url": request.build_absolute_uri(vendor.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": vendor.street,
            "postalCode": vendor.postcode,
            "addressLocality": vendor.city,
            "addressCountry": "DE",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[row.weekday]}",
                "opens": row.opens.strftime("%H:%M"),
                "closes": row.closes.strftime("%H:%M"),
            }
            for row in weekly
        ],
    }
    optional = {
        "description": vendor.description,
        "telephone": vendor.phone,
        "email": vendor.email,
        "sameAs": vendor.website,
        "legalName": vendor.legal_name,
        "vatID": vendor.vat_id,
        "logo": request.build_absolute_uri(vendor.logo.url) if vendor.logo else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    if vendor.latitude is not None and vendor.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(vendor.latitude),
            "longitude": float(vendor.longitude),
        }
    return data
