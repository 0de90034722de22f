// Back from paying: submit the order form once (the server checks the payment itself).
(function () {
  "use strict";
  var form = document.getElementById("payment_return_form");
  if (form && form.dataset.autosubmit === "true") {
    form.dataset.autosubmit = "done";
    form.submit();
  }
})();
