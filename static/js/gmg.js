/* The site's own script, loaded from a file: the Content-Security-Policy allows no
   inline script or style. */
(function () {
  "use strict";

  /* Chair bands on the year page: their position and width come as data
     attributes (a style attribute would be blocked) and are set here. */
  function placeBands(root) {
    root.querySelectorAll(".chair-band[data-start][data-width]").forEach(function (band) {
      band.style.insetInlineStart = band.dataset.start + "%";
      band.style.width = band.dataset.width + "%";
    });
  }

  /* A form that has been sent cannot be sent again by a second click while the
     page loads; the server refuses a second copy anyway (one-time token). */
  function guardSubmits(root) {
    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.dataset.sent === "1" && !form.hasAttribute("data-resubmit")) {
        event.preventDefault();
        return;
      }
      if (!form.hasAttribute("hx-post") && (form.method || "").toLowerCase() === "post") {
        form.dataset.sent = "1";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    placeBands(document);
    guardSubmits(document);
  });
  window.addEventListener("pageshow", function (event) {
    /* Coming back with the Back button: the form may be sent again on purpose. */
    if (event.persisted) {
      document.querySelectorAll("form[data-sent]").forEach(function (form) {
        delete form.dataset.sent;
      });
    }
  });
})();
