/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The WardPulse service worker (registered by SvelteKit on every page): shows alert notifications
 * pushed to this device (the web-push channel, issue #6) and opens the alert when one is clicked.
 * With static/manifest.webmanifest it also makes WardPulse installable on a phone (issue #7).
 *
 * It deliberately has no fetch handler and caches nothing, not even the app shell. Stale numbers are
 * the worst failure of this product: every API response, and every HTML page, comes from the network,
 * so an installed app with no connection says it cannot reach the server instead of showing
 * yesterday's beds. Browsers no longer need a fetch handler to offer installation, and the built
 * assets are already immutable and cached by HTTP.
 */

const worker = self as unknown as ServiceWorkerGlobalScope;

/** What the server pushes (jobs/src/alerts/channels/web-push.ts `WebPushPayload`). */
interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  alertId?: string;
  severity?: 'info' | 'warning' | 'critical';
  tag?: string;
  purpose?: 'firing' | 'resolved' | 'test';
}

function readPayload(event: PushEvent): PushPayload {
  try {
    return (event.data?.json() as PushPayload | undefined) ?? {};
  } catch {
    // Not JSON: show it as the body rather than nothing.
    return { body: event.data?.text() };
  }
}

/** Only links into WardPulse itself are opened; anything else opens the alerts page. */
function sameOriginUrl(url: string | undefined): string {
  const fallback = new URL('/alerts', worker.location.origin).href;
  if (!url) return fallback;
  try {
    const parsed = new URL(url, worker.location.origin);
    return parsed.origin === worker.location.origin ? parsed.href : fallback;
  } catch {
    return fallback;
  }
}

worker.addEventListener('install', () => {
  // Nothing to precache: take over from an older worker at once.
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(worker.clients.claim());
});

worker.addEventListener('push', (event) => {
  const payload = readPayload(event);
  const critical = payload.severity === 'critical' && payload.purpose !== 'resolved';
  event.waitUntil(
    worker.registration.showNotification(payload.title || 'WardPulse alert', {
      body: payload.body ?? '',
      // One notification per alert on screen: a resolution replaces its firing notification.
      tag: payload.tag || undefined,
      // A critical alert stays until someone deals with it; the rest may time out.
      requireInteraction: critical,
      data: { url: sameOriginUrl(payload.url), alertId: payload.alertId ?? null },
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl((event.notification.data as { url?: string } | null)?.url);
  event.waitUntil(
    (async () => {
      const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // Prefer a WardPulse tab already open: bring it forward and show the alert there.
      for (const client of windows) {
        if (new URL(client.url).origin !== worker.location.origin) continue;
        const focused = await client.focus();
        // navigate() works only on tabs this worker controls; otherwise open the alert in a new one.
        if (await focused.navigate(url).catch(() => null)) return;
        break;
      }
      await worker.clients.openWindow(url);
    })(),
  );
});
