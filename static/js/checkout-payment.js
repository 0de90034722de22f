// The online payment on the checkout's preview page (Stripe's Payment Element).
//
// The page works as a form: pressing "zahlungspflichtig bestellen" first has Stripe.js confirm
// the payment prepared on the server (the client secret in #payment-element), then submits the
// form; the server asks Stripe itself whether the payment succeeded before it places the order.
// Payment methods that leave the page (3-D Secure, bank redirects) come back to the return URL,
// which submits the same form. Nothing here decides whether an order is paid.
(function () {
  "use strict";

  var mount = document.getElementById("payment-element");
  var form = document.getElementById("place_order_form");
  if (!mount || !form || typeof window.Stripe !== "function") {
    return;
  }
  var button = document.getElementById("place-order");
  var errors = document.getElementById("payment-errors");
  var stripe = window.Stripe(mount.dataset.publishableKey);
  var elements = stripe.elements({
    clientSecret: mount.dataset.clientSecret,
    locale: mount.dataset.locale || "de",
  });
  elements.create("payment").mount(mount);

  function showError(message) {
    errors.textContent = message || mount.dataset.errorFallback;
    errors.hidden = false;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  var paying = false;
  form.addEventListener("submit", function (event) {
    if (form.dataset.paid === "true") {
      return; // paid: let the form place the order
    }
    event.preventDefault();
    if (paying) {
      return; // a double click pays once
    }
    paying = true;
    errors.hidden = true;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    stripe
      .confirmPayment({
        elements: elements,
        confirmParams: { return_url: mount.dataset.returnUrl },
        redirect: "if_required",
      })
      .then(function (result) {
        if (result.error) {
          paying = false;
          showError(result.error.message);
          return;
        }
        form.dataset.paid = "true";
        form.submit();
      })
      .catch(function () {
        paying = false;
        showError("");
      });
  });
})();
