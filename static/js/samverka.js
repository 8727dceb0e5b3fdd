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
  // Scrollable table wrappers must be reachable by keyboard (WCAG 2.1.1): make each a
  // focusable, named region unless the template already did.
  function labelScrollRegions(root) {
    root.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (region) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
        var caption = region.querySelector("caption");
        var heading = caption ? caption.textContent : document.title;
        region.setAttribute("aria-label", heading.trim());
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelScrollRegions(document); });
  document.addEventListener("htmx:afterSwap", function (event) { labelScrollRegions(event.target); });
  // Move focus to the first error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.querySelector(".alert-danger[tabindex], .errorlist-summary");
    if (errors) { errors.focus(); }
  });
})();
