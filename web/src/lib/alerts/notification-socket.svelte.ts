/**
 * In-app notifications for the signed-in person: one small Socket.IO connection (cookie-authenticated,
 * like a board opened by someone signed in) that listens for the server's `notification` event and
 * turns each into a toast, a sound and, where allowed, a browser notification. Owned by the (app)
 * layout through `start()`, which returns the function that closes it.
 *
 * Socket.IO reconnects by itself after network faults; after the server closes the socket or refuses
 * the handshake (a restart, an expired session) it does not, so those are retried here with back-off.
 */
import type { InAppNotification } from '@wardpulse/shared';
import { backoffDelay, type BackoffOptions } from '../live/retry-delay.js';
import { createSameOriginSocket } from '../live/same-origin-socket.js';
import type { LiveSocket } from '../live/scope-subscription.js';
import { Beeper } from './beep.js';
import { showBrowserNotification } from './browser-notification.js';
import { addToast, shouldBeep, toastFor, type NotificationToast } from './in-app-notification.js';

export interface NotificationFeedOptions {
  /** Replaceable for tests; by default a same-origin socket authenticated by the session cookie. */
  createSocket?: () => LiveSocket;
  /** The path of an alert's page, for links and browser notifications. */
  alertPath: (alertId: string) => string;
  /** The sound and the system notification; replaceable for tests. */
  announce?: (notification: InAppNotification, path: string | null) => void;
}

const REFUSED_BACKOFF: BackoffOptions = { minMs: 5000, maxMs: 60_000, randomizationFactor: 0.5 };

export class NotificationFeed {
  /** Newest first. */
  toasts = $state<NotificationToast[]>([]);

  readonly #createSocket: () => LiveSocket;
  readonly #alertPath: (alertId: string) => string;
  readonly #announce: (notification: InAppNotification, path: string | null) => void;
  readonly #beeper = new Beeper();

  constructor(options: NotificationFeedOptions) {
    this.#createSocket = options.createSocket ?? (() => createSameOriginSocket());
    this.#alertPath = options.alertPath;
    this.#announce = options.announce ?? ((notification, path) => this.#soundAndShow(notification, path));
  }

  start(): () => void {
    const socket = this.#createSocket();
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const scheduleRetry = () => {
      if (retry !== null) return;
      retry = setTimeout(
        () => {
          retry = null;
          socket.connect();
        },
        backoffDelay(attempt++, REFUSED_BACKOFF),
      );
    };
    const onNotification = (notification: InAppNotification) => this.receive(notification);
    const onConnect = () => {
      attempt = 0;
    };
    const onDisconnect = (reason: string) => {
      if (reason === 'io server disconnect') scheduleRetry();
    };
    const onConnectError = () => {
      // A refused handshake leaves the socket inactive: Socket.IO will not try again by itself.
      if (!socket.active) scheduleRetry();
    };
    socket.on('notification', onNotification);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.connect();
    return () => {
      if (retry !== null) clearTimeout(retry);
      socket.off('notification', onNotification);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.disconnect();
      this.#beeper.close();
    };
  }

  receive(notification: InAppNotification): void {
    const toast = toastFor(notification);
    if (this.toasts.some((held) => held.id === toast.id)) return;
    this.toasts = addToast(this.toasts, toast);
    this.#announce(notification, toast.alertId === null ? null : this.#alertPath(toast.alertId));
  }

  dismiss(id: string): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  #soundAndShow(notification: InAppNotification, path: string | null): void {
    if (shouldBeep(notification)) void this.#beeper.beep(notification.severity);
    if (!notification.browserNotification) return;
    const toast = toastFor(notification);
    void showBrowserNotification({
      title: toast.title,
      body: toast.body,
      tag: notification.deliveryId,
      url: path ?? location.pathname,
      requireInteraction: notification.severity === 'critical' && notification.purpose === 'firing',
    });
  }
}
