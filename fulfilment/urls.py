"""The resident's order page (signed link, no login) and the shop staff's pickup pages."""

from django.urls import path

from fulfilment import views

app_name = "fulfilment"

urlpatterns = [
    path("bestellung/<str:token>/", views.OrderPageView.as_view(), name="order"),
    path("laden/", views.ShopIndexView.as_view(), name="shop_index"),
    path("laden/<slug:slug>/abholungen/", views.ShopPartsView.as_view(), name="shop_parts"),
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/annehmen/",
        views.PartAcceptView.as_view(),
        name="part_accept",
    ),
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/bereit/",
        views.PartReadyView.as_view(),
        name="part_ready",
    ),
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/stornieren/",
        views.PartCancelView.as_view(),
        name="part_cancel",
    ),
    path("laden/<slug:slug>/theke/", views.CounterView.as_view(), name="counter"),
    path(
        "laden/<slug:slug>/theke/ausgeben/",
        views.CounterRedeemView.as_view(),
        name="counter_redeem",
    ),
]
