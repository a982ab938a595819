// "Use my location": the browser's own location fills the hidden lat/lon fields and
// submits the search. Without scripts (or without permission) people type a place instead.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var form = document.getElementById("treatment-search");
  if (!button || !form || !navigator.geolocation) { return; }
  var status = document.getElementById("locate-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("input[name=lat]").value = position.coords.latitude.toFixed(4);
      form.querySelector("input[name=lon]").value = position.coords.longitude.toFixed(4);
      form.querySelector("input[name=q]").value = "";
      form.submit();
    }, function () {
      status.textContent = button.getAttribute("data-failed");
    }, { maximumAge: 600000, timeout: 15000 });
  });
  // Typing a place means the place, not an earlier location.
  form.querySelector("input[name=q]").addEventListener("input", function () {
    form.querySelector("input[name=lat]").value = "";
    form.querySelector("input[name=lon]").value = "";
  });
}());
