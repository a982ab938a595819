// Emergency page: remember the country, run the second-dose timer, work offline, quick exit.
(function () {
  "use strict";
  var body = document.body;

  // Quick exit (button, or Escape twice).
  var exitTo = body.getAttribute("data-quick-exit");
  function leave(e) { if (e) { e.preventDefault(); } window.location.replace(exitTo); }
  var exit = document.getElementById("quick-exit");
  if (exit) { exit.addEventListener("click", leave); }
  var lastEsc = 0;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    if (Date.now() - lastEsc < 800) { leave(e); }
    lastEsc = Date.now();
  });

  // Country: remembered on this device; the call button changes at once.
  var select = document.getElementById("country");
  var call = document.getElementById("call-link");
  function show(code) {
    var option = select && select.querySelector('option[value="' + code + '"]');
    if (!option) { return; }
    select.value = code;
    var number = option.getAttribute("data-number");
    if (!number) { return; }
    var unknown = document.getElementById("unknown-country");
    if (unknown) { unknown.hidden = true; }
    call.href = "tel:" + number;
    call.textContent = call.getAttribute("data-template").replace("{number}", number);
  }
  if (select && call) {
    var saved = null;
    try { saved = localStorage.getItem("alongside-country"); } catch (e) { /* private mode */ }
    if (saved && !/[?&]country=/.test(location.search)) { show(saved); }
    select.addEventListener("change", function () {
      show(select.value);
      try { localStorage.setItem("alongside-country", select.value); } catch (e) { /* private mode */ }
      document.cookie = "alongside_country=" + select.value + ";path=/;max-age=31536000;samesite=lax";
    });
  }

  // Second-dose timer: 3 minutes.
  var box = document.getElementById("timer");
  var display = document.getElementById("timer-display");
  var start = document.getElementById("timer-start");
  var message = document.getElementById("timer-message");
  var nojs = document.getElementById("timer-nojs");
  var ticking = null;
  if (box && start) {
    box.hidden = false;
    if (nojs) { nojs.hidden = true; }
    start.addEventListener("click", function () {
      var ends = Date.now() + 180000;
      message.textContent = "";
      start.textContent = start.getAttribute("data-again");
      clearInterval(ticking);
      function tick() {
        var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
        display.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
        if (left === 0) {
          clearInterval(ticking);
          message.textContent = box.getAttribute("data-done");
          if (navigator.vibrate) { navigator.vibrate([400, 200, 400]); }
        }
      }
      tick();
      ticking = setInterval(tick, 250);
    });
  }

  // Offline copy.
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw")).catch(function () { /* still usable online */ });
  }
})();
