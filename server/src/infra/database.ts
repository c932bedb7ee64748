/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
import { join } from 'node:path';
import { OrgRepository, demoOrganisation, migrate, openPglite, openPostgres, type Database, type Logger } from '@wardpulse/jobs';
import { acquireLock } from './embedded-lock.js';

export interface OpenedDatabase {
  db: Database;
  /** Where the CLI reaches this process when it owns an embedded database. */
  controlSocketPath: string | undefined;
  close(): Promise<void>;
}

export function embeddedPaths(dataDir: string) {
  return { pg: join(dataDir, 'pg'), lock: join(dataDir, 'pg.lock'), controlSocket: join(dataDir, 'control', 'control.sock') };
}

/** Migrates, and seeds the demo organisation into an empty database in demo mode. */
async function prepare(db: Database, demo: boolean, logger: Logger): Promise<void> {
  await migrate(db);
  const org = new OrgRepository(db);
  if (demo && (await org.isEmpty())) {
    await org.addDirectory(demoOrganisation());
    logger.info('demo organisation seeded');
  } else if (demo && (await org.addS136SuitesIfNone(demoOrganisation().s136Suites)) > 0) {
    // A demo database from before Section 136 suites existed gets the demo's suites once.
    logger.info('demo Section 136 suites seeded');
  }
  if (demo && (await org.addCrisisServicesIfNone(demoOrganisation().crisisServices)) > 0) {
    // A demo database from before alternatives to admission existed gets the demo's services once.
    logger.info('demo alternatives to admission seeded');
  }
}

export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  logger: Logger;
}): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const db = await openPostgres({
      connectionString: options.databaseUrl,
      onConnectionLost: (error) => options.logger.warn({ err: error }, 'PostgreSQL connection lost; the pool reconnects'),
    });
    await prepare(db, options.demo, options.logger);
    return { db, controlSocketPath: undefined, close: () => db.close() };
  }
  const paths = embeddedPaths(options.dataDir);
  const release = acquireLock(paths.lock);
  try {
    const db = await openPglite(paths.pg);
    await prepare(db, options.demo, options.logger);
    return {
      db,
      controlSocketPath: paths.controlSocket,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
