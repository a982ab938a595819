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

  // A signed-in page brought back from the back-forward cache asks the server again
  // (which, after a quick exit or a lock, shows nothing private).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && body.hasAttribute("data-private")) { window.location.reload(); }
  });

  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", quickExit); }

  // A shared device: after the idle minutes the member chose, lock the app (the server
  // checks too, on the next request) or end the session, even if nobody touches the page.
  function afterIdle(minutes, action) {
    var timer;
    function restart() {
      window.clearTimeout(timer);
      timer = window.setTimeout(action, minutes * 60000);
    }
    ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }
  var lockForm = document.querySelector("form.lock-now");
  var lockAfter = parseInt(body.getAttribute("data-lock-after"), 10);
  if (lockForm && lockAfter > 0 && window.location.pathname.indexOf("/account/unlock/") === -1) {
    afterIdle(lockAfter, function () { lockForm.submit(); });
  }
  var signOutAfter = parseInt(body.getAttribute("data-sign-out-after"), 10);
  if (signOutAfter > 0) {
    afterIdle(signOutAfter, function () { window.location.replace(target); });
  }

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
