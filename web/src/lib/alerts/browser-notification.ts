/**
 * A system notification for an alert, when the person has allowed them. Shown through the service
 * worker's registration where there is one (required on Android, and its `notificationclick` opens the
 * alert), else with the page's own `Notification`. Never asks for permission by itself: the
 * "My notifications" page does that, on a button press.
 */
export interface BrowserNotificationContent {
  title: string;
  body: string;
  /** Same tag replaces rather than stacks. */
  tag: string;
  /** Path to open on click. */
  url: string;
  requireInteraction: boolean;
}

export function notificationsPermitted(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function showBrowserNotification(content: BrowserNotificationContent): Promise<void> {
  if (!notificationsPermitted()) return;
  const options: NotificationOptions = {
    body: content.body,
    tag: content.tag,
    requireInteraction: content.requireInteraction,
    data: { url: content.url },
  };
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    if (registration) {
      await registration.showNotification(content.title, options);
      return;
    }
    const notification = new Notification(content.title, options);
    notification.onclick = () => {
      window.focus();
      location.assign(content.url);
    };
  } catch {
    // Refused or unsupported here: the toast on the page still shows it.
  }
}
