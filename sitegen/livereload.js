// Live reload for `build.py serve`. The dev server injects this into HTML responses only;
// it is never written to _site/, so a published site cannot carry it.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var overlay = null;

  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = "sitegen-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483647;margin:0;" +
        "padding:1em;max-height:60vh;overflow:auto;background:#7f1d1d;color:#fff;" +
        "font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed; this page is from the last good build.\n\n" + message;
  }

  // The server sends the current build state on connect and after every build:
  // a new generation means new files, so reload; an error keeps the page and shows it.
  var source = new EventSource("/__sitegen/events");
  source.addEventListener("build", function (event) {
    var state = JSON.parse(event.data);
    if (state.error) {
      showError(state.error);
    } else if (generation !== null && String(state.generation) !== generation) {
      source.close();
      window.location.reload();
    } else if (overlay) {
      overlay.remove();
      overlay = null;
    }
  });
})();
