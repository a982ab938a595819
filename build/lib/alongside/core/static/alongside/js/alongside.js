// Quick exit: leave at once for a neutral page, replacing this page in the history
// so that the back button does not bring it back. Pressing Escape twice does the same.
(function () {
  "use strict";
  var body = document.body;
  var target = body && body.getAttribute("data-quick-exit");
  if (!target) { return; }

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    try { sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    window.location.replace(target);
  }

  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", quickExit); }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 800) { quickExit(event); }
    lastEscape = now;
  });

  // A language change submits at once when scripts run; the button stays for everyone else.
  var languageSelect = document.getElementById("language-select");
  if (languageSelect) {
    languageSelect.addEventListener("change", function () { languageSelect.form.submit(); });
  }

  // Copy buttons (invitation links).
  document.querySelectorAll("[data-copy-target]").forEach(function (copyButton) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var field = document.getElementById(copyButton.getAttribute("data-copy-target"));
      if (!field) { return; }
      field.select();
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value); }
      copyButton.textContent = copyButton.getAttribute("data-copied-label") || copyButton.textContent;
    });
  });
})();
