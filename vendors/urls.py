from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("", views.VendorListView.as_view(), name="list"),
    path("<slug:slug>/", views.VendorDetailView.as_view(), name="detail"),
]
