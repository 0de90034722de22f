from django.urls import path

from api.v1 import search, views

app_name = "api-v1"

urlpatterns = [
    path("vendors/", views.VendorListView.as_view(), name="vendor-list"),
    path("vendors/<str:slug>/", views.VendorDetailView.as_view(), name="vendor-detail"),
    path(
        "vendors/<str:slug>/products/",
        views.VendorProductListView.as_view(),
        name="vendor-products",
    ),
    # Any text reaches the view, so that a non-numeric id is a JSON 404, not the site's page.
    path("products/<str:id>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("search/suggest/", search.SuggestView.as_view(), name="search-suggest"),
]
