/**
 * How many concurrent sockets one server process holds under 1 GB RSS: clients (each subscribed to
 * trust RX4) are added in steps; after each step the server's RSS is read. It stops at 1 GB, at the
 * process's open-files limit (each socket is a file descriptor), or when clients stop connecting.
 * At the end one event is posted and every open client must receive it: "held" means live.
 *
 * Server-role process of the deployment shape (bench/cluster.ts); skipped without PostgreSQL, since
 * embedded PGlite alone takes most of a gigabyte in the same process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startCluster } from './cluster.js';
import { benchBedState, postBedState } from './feed.js';
import { rssMb, type BenchResult } from './server-process.js';
import { Swarm } from './swarm.js';

const LIMIT_MB = 1024;

function openFilesLimit(pid: number): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Number.POSITIVE_INFINITY);
}

export async function capacityBench(step = 2000, maxSockets = 50_000): Promise<BenchResult[]> {
  const cluster = await startCluster({ servers: 1 });
  if (!cluster)
    return [{ name: 'capacity_skipped', value: 0, unit: 'count', params: { reason: 'no PostgreSQL server reachable' } }];
  const server = cluster.servers[0]!;
  const pid = server.child.pid!;
  const prefix = `cap-${randomBytes(3).toString('hex')}`;
  const swarm = new Swarm({ urls: [server.url], token: cluster.key, scope: 'trust:RX4', prefix, perProcess: 4000 });
  try {
    // Room for the process's own descriptors (database pool, Redis, files).
    const ceiling = Math.min(maxSockets, openFilesLimit(pid) - 300);
    const idleMb = rssMb(pid);
    const steps: { sockets: number; rssMb: number }[] = [];
    let stoppedBy = 'the benchmark ceiling';
    while (swarm.connected < ceiling) {
      const added = await swarm.add(Math.min(step, ceiling - swarm.connected));
      await new Promise((settle) => setTimeout(settle, 2000));
      const rss = rssMb(pid);
      console.warn(`[capacity] ${swarm.connected} sockets: ${rss.toFixed(0)} MB RSS`);
      if (rss >= LIMIT_MB) {
        stoppedBy = '1 GB RSS';
        break;
      }
      steps.push({ sockets: swarm.connected, rssMb: rss });
      if (added.failed > 0) {
        stoppedBy = `connection failures (${swarm.firstError})`;
        break;
      }
      if (swarm.connected >= ceiling && ceiling < maxSockets) stoppedBy = `the open-files limit (${openFilesLimit(pid)})`;
    }
    const held = steps.at(-1) ?? { sockets: 0, rssMb: idleMb };
    // Every client still live: one event, received by every open client.
    const eventId = `${prefix}-check`;
    const status = await postBedState(server.url, cluster.key, benchBedState(eventId, 'RX4-W01', 0));
    if (status !== 202) throw new Error(`ingest answered ${status}`);
    await new Promise((settle) => setTimeout(settle, 5000));
    const report = await swarm.report();
    const perSocketKb = held.sockets > 0 ? ((held.rssMb - idleMb) * 1024) / held.sockets : Number.NaN;
    const params = {
      idleRssMb: Number(idleMb.toFixed(1)),
      stoppedBy,
      receivedCheckEvent: report.received.get(eventId)?.length ?? 0,
      openClients: report.open,
      steps: steps.map((entry) => `${entry.sockets}:${entry.rssMb.toFixed(0)}MB`).join(' '),
    };
    return [
      {
        name: 'sockets_held_under_1gb',
        value: held.sockets,
        unit: 'count',
        params: { ...params, rssMb: Number(held.rssMb.toFixed(1)) },
      },
      { name: 'rss_per_socket', value: Number(perSocketKb.toFixed(1)), unit: 'KB', params },
      {
        name: 'sockets_at_1gb_projected',
        value: Math.floor(((LIMIT_MB - idleMb) * 1024) / perSocketKb),
        unit: 'count',
        params: { ...params, meaning: 'linear projection from the measured RSS per socket, where a limit stopped the run first' },
      },
    ];
  } finally {
    await swarm.close();
    await cluster.stop();
  }
}
