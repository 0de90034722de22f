"""Shop directory and shop pages (placeholder views, replaced by the storefront work)."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from vendors.models import Vendor
from vendors.selectors import vendor_get_visible, vendor_list_visible


class VendorListView(ListView):
    template_name = "vendors/vendor_list.html"
    context_object_name = "vendors"

    def get_queryset(self):
        return vendor_list_visible()


class VendorDetailView(DetailView):
    template_name = "vendors/vendor_detail.html"
    context_object_name = "vendor"

    def get_object(self, queryset=None):
        try:
            return vendor_get_visible(slug=self.kwargs["slug"])
        except Vendor.DoesNotExist as exc:
            raise Http404 from exc
