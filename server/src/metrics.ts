/** Prometheus metrics (prom-client), one registry per running instance. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Read when Prometheus scrapes: jobs per queue and state (BullMQ counts, shared by every process). */
export type QueueDepths = () => Promise<{ queue: string; state: string; count: number }[]>;

export function createMetrics(queueDepths?: QueueDepths) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wardpulse_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'wardpulse_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    rejections: new Counter({
      name: 'wardpulse_rejected_requests_total',
      help: 'Requests rejected with a 4xx, by error code and route',
      labelNames: ['code', 'route'] as const,
      registers: [registry],
    }),
    ingested: new Counter({
      name: 'wardpulse_ingested_events_total',
      help: 'Events accepted into the event log, by kind and whether they were duplicates',
      labelNames: ['kind', 'duplicate'] as const,
      registers: [registry],
    }),
    hl7Messages: new Counter({
      name: 'wardpulse_hl7_messages_total',
      help: 'HL7 messages answered, by feed, transport, trigger event, outcome (accepted, duplicate, ignored, rejected, unavailable) and ACK code',
      labelNames: ['feed', 'transport', 'event', 'status', 'ack'] as const,
      registers: [registry],
    }),
    hl7RefusedConnections: new Counter({
      name: 'wardpulse_hl7_refused_connections_total',
      help: 'MLLP connections refused or closed by WardPulse, by feed (common: the common port, no feed allows the address) and reason (not-allowed, idle-timeout, too-many-connections)',
      labelNames: ['feed', 'reason'] as const,
      registers: [registry],
    }),
    sockets: new Gauge({
      name: 'wardpulse_socket_connections',
      help: 'Socket.IO connections open on this process',
      registers: [registry],
    }),
    deltas: new Counter({
      name: 'wardpulse_changes_fanned_out_total',
      help: 'Changes read from the change stream and delivered to at least one room',
      registers: [registry],
    }),
    deltasEmitted: new Counter({
      name: 'wardpulse_deltas_emitted_total',
      help: 'Deltas emitted to rooms: one per scope per read of the change stream, holding every change of the read for it',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'wardpulse_queue_jobs',
      help: 'Jobs per BullMQ queue and state (waiting, active, delayed, failed), read at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        if (!queueDepths) return;
        this.reset();
        for (const { queue, state, count } of await queueDepths().catch(() => [])) this.set({ queue, state }, count);
      },
    }),
    jobWait: new Histogram({
      name: 'wardpulse_job_wait_seconds',
      help: 'Time from a job being added (or due, if delayed) to a worker starting it, by job name',
      labelNames: ['job'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'wardpulse_job_duration_seconds',
      help: 'Time a worker spent on a job, by job name and outcome (completed, failed)',
      labelNames: ['job', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    changeLag: new Histogram({
      name: 'wardpulse_change_observed_to_fanout_seconds',
      help: 'Time from a change entering the stream to this process emitting it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
