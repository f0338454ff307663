// Upload progress of the labeled-data form (templates/dashboard/session_upload.html).
// htmx fires htmx:xhr:progress on the form that sends the request; a form holding a
// [data-upload-progress] element shows it and fills its <progress> while the file goes.
(function () {
  "use strict";

  const percent = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: "percent",
  });

  function progressOf(element) {
    const wrap = element.querySelector && element.querySelector("[data-upload-progress]");
    if (!wrap) {
      return null;
    }
    return {
      wrap: wrap,
      bar: wrap.querySelector("progress"),
      text: wrap.querySelector("[data-upload-percent]"),
    };
  }

  function show(progress, share) {
    progress.bar.value = share * 100;
    progress.text.textContent = percent.format(share);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    const progress = progressOf(event.target);
    if (progress) {
      show(progress, 0);
      progress.wrap.hidden = false;
    }
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    const progress = progressOf(event.target);
    const detail = event.detail;
    if (!progress || !detail.lengthComputable || !detail.total) {
      return;
    }
    // The answer's download reports progress too: the bar never goes back.
    const share = Math.min(detail.loaded / detail.total, 1);
    if (share * 100 > progress.bar.value) {
      show(progress, share);
    }
  });

  // A refused file brings the form back with its errors: the focus goes to the first
  // field that is wrong, where a keyboard user can fix it.
  document.addEventListener("htmx:load", function (event) {
    if (progressOf(event.target)) {
      const invalid = event.target.querySelector('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
      }
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    const progress = progressOf(event.target);
    if (progress && !event.detail.successful) {
      progress.wrap.hidden = true;
    }
  });
})();
