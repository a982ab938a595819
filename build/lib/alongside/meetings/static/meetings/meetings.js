// Meetings page: "Use my location" (the browser asks first; nothing leaves the page unless the
// visitor agrees) and a first guess of the visitor's time zone. The form works without this file.
(function () {
  "use strict";
  var form = document.getElementById("meeting-filters");
  if (!form) { return; }
  var button = document.getElementById("use-my-location");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(4);
        form.elements.lon.value = position.coords.longitude.toFixed(4);
        form.elements.place.value = "";
        form.submit();
      }, function () {
        window.alert(button.getAttribute("data-error"));
      }, { timeout: 15000, maximumAge: 600000 });
    });
  }
  var tz = form.elements.tz;
  if (tz && !tz.value && window.Intl && Intl.DateTimeFormat) {
    var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (var i = 0; i < tz.options.length; i++) {
      if (tz.options[i].value === guess) { tz.value = guess; break; }
    }
  }
})();
