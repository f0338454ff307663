// Live parts of every page: the training time that counts up, and the toasts of
// finished models (templates/dashboard/_partials/notifications.html).
(function () {
  "use strict";

  const lang = document.documentElement.lang || undefined;
  const UNTIL_KEY = "trainer.notifications.until";
  const LOOKBACK_SECONDS = 600;

  // -- elapsed training time: <time data-elapsed-since="ISO 8601"> -----------------

  const durations =
    "DurationFormat" in Intl ? new Intl.DurationFormat(lang, { style: "narrow" }) : null;

  function formatSeconds(total) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    if (durations) {
      return durations.format(
        hours ? { hours: hours, minutes: minutes } : { minutes: minutes, seconds: seconds },
      );
    }
    const mm = String(minutes).padStart(hours ? 2 : 1, "0");
    return (hours ? hours + ":" : "") + mm + ":" + String(seconds).padStart(2, "0");
  }

  function tick() {
    document.querySelectorAll("time[data-elapsed-since]").forEach(function (time) {
      const since = Date.parse(time.dataset.elapsedSince);
      if (!Number.isNaN(since)) {
        const seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
        time.textContent = formatSeconds(seconds);
        time.setAttribute("datetime", "PT" + seconds + "S");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  window.setInterval(tick, 1000);

  // -- toasts ------------------------------------------------------------------------

  // The poller asks for what finished since the last answer, on this page or the
  // one before it (kept for this tab), so that nothing finishes unseen in between.
  let firstPoll = true;
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "notifications" || !firstPoll) {
      return;
    }
    firstPoll = false;
    const kept = Number(window.sessionStorage.getItem(UNTIL_KEY));
    const since = Number(event.detail.parameters.since);
    if (kept && kept < since && since - kept < LOOKBACK_SECONDS) {
      event.detail.parameters.since = String(kept);
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    const poller = document.getElementById("notifications");
    if (poller && poller.dataset.until) {
      window.sessionStorage.setItem(UNTIL_KEY, poller.dataset.until);
    }
  });

  document.addEventListener("click", function (event) {
    const close = event.target.closest("[data-dismiss-toast]");
    if (close) {
      close.closest(".toast").remove();
    }
  });
})();
