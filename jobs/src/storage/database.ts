/**
 * The one database interface WardPulse code talks to, over either PostgreSQL (`pg`, when
 * DATABASE_URL is set) or embedded PostgreSQL (PGlite, the zero-configuration default).
 * Repositories take a `Database` as a parameter, so every test can run the same code against
 * both engines.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL in `dataDir` (or in memory when undefined). One process may own it. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) {
    // Owner-only, whatever the umask: the database holds password hashes and secrets.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    engine: 'pglite',
    query: async <Row>(sql: string, params?: unknown[]) => db.query<Row>(sql, params as never[]),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params?: unknown[]) => tx.query<Row>(sql, params as never[]),
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  connectionString: string;
  maxConnections?: number;
  /** Called when a connection is lost (server restart, network drop); the pool replaces it. */
  onConnectionLost?: (error: Error) => void;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // Without a listener an idle client's error (e.g. the server restarting) would crash the process.
  pool.on('error', (error) => options.onConnectionLost?.(error));
  // Fail at start-up, not on the first request, when the server cannot be reached.
  await pool.query('select 1');
  return {
    engine: 'postgres',
    query: async <Row>(sql: string, params?: unknown[]) => {
      const result = await pool.query(sql, params);
      return { rows: result.rows as Row[] };
    },
    exec: async (sql) => void (await pool.query(sql)),
    transaction: async (work) => {
      const client = await pool.connect();
      // pg-pool listens for a client's errors only while it is idle: a connection lost while
      // checked out (the database restarting mid-transaction) is emitted on the client, and with
      // no listener that is an uncaught exception. The error also reaches the pending query, so
      // here it is only noted, and the broken client is destroyed rather than pooled again.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
        options.onConnectionLost?.(error);
      };
      client.on('error', onLost);
      try {
        await client.query('begin');
        const result = await work({
          query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as Row[] }),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('commit');
        return result;
      } catch (error) {
        if (!lost) await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.removeListener('error', onLost);
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}
