// Shows a push message (neutral: no app name or health details unless the member opted in) and opens the app on click.
self.addEventListener("push", function (event) {
  var data = { title: "Reminder", body: "You have a new reminder", url: "/reminders/" };
  try { data = Object.assign(data, event.data.json()); } catch (e) { /* keep the neutral text */ }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url } }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(clients.openWindow(event.notification.data.url || "/reminders/"));
});
