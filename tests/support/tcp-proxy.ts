/**
 * A TCP proxy on loopback in front of a real server (PostgreSQL, Redis), so a test can cut the
 * connection — every open connection dropped, new ones refused — and restore it, as a network
 * partition or a server outage would, without stopping a server other tests share.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Sends new connections to another port of the same host (a load balancer moving to another replica). */
  retarget(port: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(initial: { host: string; port: number }): Promise<TcpProxy> {
  const target = { ...initial };
  const open = new Set<Socket>();
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(target.port, target.host);
      open.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  let server: Server | undefined = serve();
  const port = await listen(server, 0);
  const stop = async () => {
    const current = server;
    server = undefined;
    for (const socket of open) socket.destroy();
    open.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  const restore = async () => {
    if (server) return;
    server = serve();
    await listen(server, port);
  };
  return {
    port,
    cut: stop,
    restore,
    retarget: async (next) => {
      target.port = next;
      await restore();
    },
    close: stop,
  };
}
