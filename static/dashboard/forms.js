// Forms sent once: a submit button marked [data-submit-once] is disabled as soon as
// its form is sent, so a double click starts one training (the server checks too).
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    event.target.querySelectorAll("[data-submit-once]").forEach(function (button) {
      // After this event: disabling the button now would keep the form from going.
      window.setTimeout(function () {
        button.disabled = true;
      });
    });
  });

  // Back to a page kept in the browser's cache: the form can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-submit-once]").forEach(function (button) {
      button.disabled = false;
    });
  });
})();
