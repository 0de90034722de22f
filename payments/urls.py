"""Stripe's webhook endpoint and the shop staff's online-payment (onboarding) pages."""

from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("zahlung/stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path(
        "laden/<slug:slug>/zahlungen/",
        views.StripeOnboardingView.as_view(),
        name="stripe_onboarding",
    ),
    path(
        "laden/<slug:slug>/zahlungen/zurueck/",
        views.StripeOnboardingReturnView.as_view(),
        name="stripe_onboarding_return",
    ),
]
