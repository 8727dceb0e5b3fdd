// Samverka's own behaviour. No inline scripts anywhere (strict Content Security Policy).
(function () {
  "use strict";
  // Elements with data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // Move focus to the first error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.querySelector(".alert-danger[tabindex], .errorlist-summary");
    if (errors) { errors.focus(); }
  });
})();
