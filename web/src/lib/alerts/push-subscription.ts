/**
 * "Push to this device": asks the browser for permission to show notifications, then for a push
 * subscription from the service worker's push manager, keyed to the server's VAPID public key. The
 * result (`subscription.toJSON()`) is what a web-push contact point stores. Every step that can be
 * refused says so in words a person can act on.
 */
import { applicationServerKey } from './contact-point-draft.js';

export class PushUnavailable extends Error {
  override name = 'PushUnavailable';
}

/** The browser's parts this needs, replaceable in tests. */
export interface PushBrowser {
  /** Null where the browser has no service workers or no Push API. */
  serviceWorkerReady: (() => Promise<Pick<ServiceWorkerRegistration, 'pushManager'>>) | null;
  requestPermission: (() => Promise<NotificationPermission>) | null;
}

export function thisBrowser(): PushBrowser {
  const supported = 'serviceWorker' in navigator && 'PushManager' in window;
  return {
    serviceWorkerReady: supported ? () => navigator.serviceWorker.ready : null,
    requestPermission: typeof Notification === 'undefined' ? null : () => Notification.requestPermission(),
  };
}

/** How long to wait for the service worker: it registers when the page loads, so this is generous. */
const READY_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PushUnavailable(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Subscribes this browser for push, or raises PushUnavailable with the reason. */
export async function subscribeThisBrowser(
  publicKey: () => Promise<string>,
  browser: PushBrowser = thisBrowser(),
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<PushSubscriptionJSON> {
  if (!browser.serviceWorkerReady || !browser.requestPermission) {
    throw new PushUnavailable(
      'This browser cannot receive push notifications. Try an up-to-date Chrome, Edge, Firefox or Safari.',
    );
  }
  const permission = await browser.requestPermission();
  if (permission !== 'granted') {
    throw new PushUnavailable(
      'Notifications are blocked for WardPulse in this browser. Allow them in the browser’s site settings, then try again.',
    );
  }
  const [key, registration] = await Promise.all([
    publicKey(),
    withTimeout(
      browser.serviceWorkerReady(),
      readyTimeoutMs,
      'The WardPulse service worker is not running here. Reload the page and try again.',
    ),
  ]);
  const options = { userVisibleOnly: true, applicationServerKey: applicationServerKey(key) };
  let subscription: PushSubscription;
  try {
    subscription = await registration.pushManager.subscribe(options);
  } catch (error) {
    // A subscription made earlier with another server key must go before a new one can be made.
    const existing = await registration.pushManager.getSubscription();
    if (!existing) throw error;
    await existing.unsubscribe();
    subscription = await registration.pushManager.subscribe(options);
  }
  return subscription.toJSON();
}
