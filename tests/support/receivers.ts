/**
 * What the test receivers of notifications (SMTP, webhook, push service) share: a log of what
 * arrived that a test can wait on, and an HTTP server on a free loopback port.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a receiver got, in order; `waitFor` resolves as soon as a matching item is there. */
export class ReceivedLog<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<{ matches: (item: T) => boolean; resolve: (item: T) => void }>();

  add(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiters) {
      if (!waiter.matches(item)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(item);
    }
  }

  waitFor(matches: (item: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
    const found = this.items.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        matches,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`nothing matching arrived within ${timeoutMs} ms (${this.items.length} arrived)`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/**
 * Listens on a loopback address (127.0.0.1 unless told; all of 127/8 is loopback on Linux) at a
 * free port or the one given; returns the origin (`http://127.0.0.1:<port>`).
 */
export async function listenOnLoopback(server: Server, host = '127.0.0.1', port = 0, scheme = 'http'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
}

export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
