// Shows a push message (never health details unless the member opted in) and opens Alongside on click.
self.addEventListener("push", function (event) {
  var data = { title: "Alongside", body: "You have a reminder in Alongside", url: "/reminders/" };
  try { data = Object.assign(data, event.data.json()); } catch (e) { /* keep the neutral text */ }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url } }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(clients.openWindow(event.notification.data.url || "/reminders/"));
});
