import { describe, expect, it, vi } from 'vitest';
import { PushUnavailable, subscribeThisBrowser, type PushBrowser } from './push-subscription.js';

const KEY = 'AAECAwQF_-8';
const json = { endpoint: 'https://push.example/abc', expirationTime: null, keys: { p256dh: 'p', auth: 'a' } };

function fakeSubscription() {
  return { toJSON: () => json, unsubscribe: vi.fn(async () => true) } as unknown as PushSubscription;
}

function browser(pushManager: Partial<PushManager>, permission: NotificationPermission = 'granted'): PushBrowser {
  return {
    serviceWorkerReady: async () => ({ pushManager: pushManager as PushManager }),
    requestPermission: async () => permission,
  };
}

describe('subscribeThisBrowser', () => {
  it('asks for permission, then subscribes with the server key, visible notifications only', async () => {
    const subscribe = vi.fn(async () => fakeSubscription());
    expect(await subscribeThisBrowser(async () => KEY, browser({ subscribe }))).toEqual(json);
    expect(subscribe).toHaveBeenCalledTimes(1);
    const [options] = subscribe.mock.calls[0] as unknown as [PushSubscriptionOptionsInit];
    expect(options.userVisibleOnly).toBe(true);
    expect([...(options.applicationServerKey as Uint8Array)]).toEqual([0, 1, 2, 3, 4, 5, 255, 239]);
  });

  it('replaces a subscription made with another key', async () => {
    const old = fakeSubscription();
    const subscribe = vi.fn().mockRejectedValueOnce(new Error('InvalidStateError')).mockResolvedValueOnce(fakeSubscription());
    const result = await subscribeThisBrowser(async () => KEY, browser({ subscribe, getSubscription: async () => old }));
    expect(result).toEqual(json);
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(subscribe).toHaveBeenCalledTimes(2);
  });

  it('says why when the browser cannot, or the person said no', async () => {
    await expect(subscribeThisBrowser(async () => KEY, { serviceWorkerReady: null, requestPermission: null })).rejects.toThrow(
      /cannot receive push notifications/,
    );
    await expect(subscribeThisBrowser(async () => KEY, browser({}, 'denied'))).rejects.toBeInstanceOf(PushUnavailable);
    const stuck: PushBrowser = {
      serviceWorkerReady: () => new Promise(() => undefined),
      requestPermission: async () => 'granted',
    };
    await expect(subscribeThisBrowser(async () => KEY, stuck, 10)).rejects.toThrow(/service worker is not running/);
  });
});
