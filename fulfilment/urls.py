"""The resident's order page, its documents and the withdrawal button (no login), and the shop
staff's pickup pages.

The withdrawal button lives at /vertrag-widerrufen/ (its label, § 356a BGB); /widerruf/ stays
the withdrawal policy (a Wagtail page the checkout and the mails link to).
"""

from django.urls import path

from fulfilment import views

app_name = "fulfilment"

urlpatterns = [
    path("bestellung/<str:token>/", views.OrderPageView.as_view(), name="order"),
    path(
        "bestellung/<str:token>/beleg/<int:pk>/",
        views.OrderInvoiceView.as_view(),
        name="order_invoice",
    ),
    path("vertrag-widerrufen/", views.WithdrawalStartView.as_view(), name="withdrawal"),
    path(
        "vertrag-widerrufen/bestellung/<str:token>/",
        views.WithdrawalOrderView.as_view(),
        name="withdrawal_order",
    ),
    path(
        "vertrag-widerrufen/pruefen/",
        views.WithdrawalReviewView.as_view(),
        name="withdrawal_review",
    ),
    path(
        "vertrag-widerrufen/bestaetigen/",
        views.WithdrawalConfirmView.as_view(),
        name="withdrawal_confirm",
    ),
    path(
        "vertrag-widerrufen/eingegangen/<str:token>/",
        views.WithdrawalReceiptView.as_view(),
        name="withdrawal_receipt",
    ),
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
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/ware-zurueck/",
        views.PartGoodsReturnedView.as_view(),
        name="part_goods_returned",
    ),
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/rechnung/",
        views.ShopInvoiceView.as_view(),
        name="shop_invoice",
    ),
    path(
        "laden/<slug:slug>/abholungen/<int:pk>/rechnungskorrektur/",
        views.ShopCreditNoteView.as_view(),
        name="shop_credit_note",
    ),
    path("laden/<slug:slug>/theke/", views.CounterView.as_view(), name="counter"),
    path(
        "laden/<slug:slug>/theke/ausgeben/",
        views.CounterRedeemView.as_view(),
        name="counter_redeem",
    ),
]
