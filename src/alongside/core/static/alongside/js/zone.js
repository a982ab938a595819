// Reads the browser's time zone (Intl) into zone pickers marked data-browser-zone="fill", and lists
// that zone first, so a member confirms their clock instead of searching 400 names. Without
// scripts the picker still works: the member chooses by hand.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var option = null;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { option = select.options[i]; break; }
    }
    if (!option) { return; }
    var first = select.querySelector("optgroup") || select;
    first.insertBefore(option, first.firstElementChild);
    if (select.getAttribute("data-browser-zone") === "fill") { select.value = zone; }
  });
  document.querySelectorAll("input[type=hidden][name=browser_time_zone]").forEach(function (input) {
    input.value = zone;
  });
})();
