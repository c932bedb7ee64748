/**
 * On-call rotas, escalation policies and maintenance windows, and the questions alerting asks of
 * them: whose rotas page for a scope, how long to wait between levels, is a scope in maintenance.
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_ESCALATION_POLICY,
  windowCovers,
  type EscalationPolicy,
  type EscalationPolicyRecord,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
  type OrgIndex,
  type Rota,
  type RotaInput,
  type StoredRota,
} from '@wardpulse/shared';
import type { Database, Queryable } from '../storage/database.js';
import { iso } from './rule-store.js';

interface RotaRow {
  id: string;
  name: string;
  scope: string;
  level: number;
  handover: Rota['handover'];
  starts_on: Date | string;
  members: string[];
  overrides: Rota['overrides'];
  updated_at: Date;
}

/** A `date` column comes back as a Date at UTC midnight (pg) or as text: either way `YYYY-MM-DD`. */
function dateText(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function toRota(row: RotaRow): StoredRota {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    level: row.level,
    handover: row.handover,
    startsOn: dateText(row.starts_on),
    members: row.members,
    overrides: row.overrides,
    updatedAt: iso(row.updated_at),
  };
}

export class OnCallStore {
  constructor(private readonly db: Database) {}

  async listRotas(scopes?: readonly string[], db: Queryable = this.db): Promise<StoredRota[]> {
    const result = await db.query<RotaRow>(
      `select id, name, scope, level, handover, starts_on::text as starts_on, members, overrides, updated_at from on_call_rota
       ${scopes ? 'where scope = any($1)' : ''} order by scope, level, id`,
      scopes ? [scopes] : [],
    );
    return result.rows.map(toRota);
  }

  async getRota(id: string): Promise<StoredRota | undefined> {
    const result = await this.db.query<RotaRow>(
      `select id, name, scope, level, handover, starts_on::text as starts_on, members, overrides, updated_at
       from on_call_rota where id = $1`,
      [id],
    );
    return result.rows[0] && toRota(result.rows[0]);
  }

  async saveRota(id: string | undefined, input: RotaInput): Promise<StoredRota> {
    const rotaId = id ?? randomUUID();
    await this.db.query(
      `insert into on_call_rota (id, name, scope, level, handover, starts_on, members, overrides)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do update set name = excluded.name, scope = excluded.scope, level = excluded.level,
         handover = excluded.handover, starts_on = excluded.starts_on, members = excluded.members,
         overrides = excluded.overrides, updated_at = now()`,
      [
        rotaId,
        input.name,
        input.scope,
        input.level,
        JSON.stringify(input.handover),
        input.startsOn,
        JSON.stringify(input.members),
        JSON.stringify(input.overrides),
      ],
    );
    return (await this.getRota(rotaId))!;
  }

  async deleteRota(id: string): Promise<boolean> {
    const result = await this.db.query<{ id: string }>('delete from on_call_rota where id = $1 returning id', [id]);
    return result.rows.length > 0;
  }

  /**
   * The rotas that page for an alert at `scope`: the scope's own; for a trust without any, those of
   * the first collaborative covering the whole trust (by id; not a specialised one) that has some.
   */
  async rotasPaging(scope: string, org: OrgIndex, db: Queryable = this.db): Promise<StoredRota[]> {
    const own = await this.listRotas([scope], db);
    if (own.length > 0 || !scope.startsWith('trust:')) return own;
    const collaboratives = org.collaborativesCoveringTrust(scope.slice('trust:'.length)).map((id) => `collaborative:${id}`);
    if (collaboratives.length === 0) return [];
    const theirs = await this.listRotas(collaboratives, db);
    const first = [...new Set(theirs.map((rota) => rota.scope))].sort()[0];
    return theirs.filter((rota) => rota.scope === first);
  }

  async policy(scope: string, db: Queryable = this.db): Promise<EscalationPolicyRecord> {
    const result = await db.query<{ wait_minutes: number; repeats: number }>(
      'select wait_minutes, repeats from escalation_policy where scope = $1',
      [scope],
    );
    const row = result.rows[0];
    return row
      ? { scope, waitMinutes: row.wait_minutes, repeats: row.repeats, custom: true }
      : { scope, ...DEFAULT_ESCALATION_POLICY, custom: false };
  }

  async setPolicy(scope: string, policy: EscalationPolicy): Promise<EscalationPolicyRecord> {
    await this.db.query(
      `insert into escalation_policy (scope, wait_minutes, repeats) values ($1, $2, $3)
       on conflict (scope) do update set wait_minutes = excluded.wait_minutes, repeats = excluded.repeats`,
      [scope, policy.waitMinutes, policy.repeats],
    );
    return { scope, ...policy, custom: true };
  }

  /** Whether wall screens of `scope` show the on-call person's name (off unless the scope chose it). */
  async screensShowNames(scope: string): Promise<boolean> {
    const result = await this.db.query<{ value: string }>('select value from app_setting where name = $1', [
      screenNamesSetting(scope),
    ]);
    return result.rows[0]?.value === 'true';
  }

  async setScreensShowNames(scope: string, showNames: boolean): Promise<void> {
    await this.db.query(
      `insert into app_setting (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value`,
      [screenNamesSetting(scope), String(showNames)],
    );
  }

  async listWindows(filter: { scopes?: readonly string[]; endingAfter?: Date } = {}): Promise<MaintenanceWindow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.scopes) {
      params.push(filter.scopes);
      where.push(`scope = any($${params.length})`);
    }
    if (filter.endingAfter) {
      params.push(filter.endingAfter);
      where.push(`ends_at > $${params.length}`);
    }
    const result = await this.db.query<{
      id: string;
      scope: string;
      starts_at: Date;
      ends_at: Date;
      reason: string;
      created_by: string;
      created_at: Date;
    }>(
      `select id, scope, starts_at, ends_at, reason, created_by, created_at from maintenance_window
       ${where.length ? `where ${where.join(' and ')}` : ''} order by starts_at, id`,
      params,
    );
    return result.rows.map((row) => ({
      id: row.id,
      scope: row.scope,
      from: iso(row.starts_at),
      to: iso(row.ends_at),
      reason: row.reason,
      createdBy: row.created_by,
      createdAt: iso(row.created_at),
    }));
  }

  async createWindow(input: MaintenanceWindowInput, createdBy: string): Promise<MaintenanceWindow> {
    const id = randomUUID();
    await this.db.query(
      'insert into maintenance_window (id, scope, starts_at, ends_at, reason, created_by) values ($1, $2, $3, $4, $5, $6)',
      [id, input.scope, input.from, input.to, input.reason, createdBy],
    );
    return (await this.listWindows()).find((window) => window.id === id)!;
  }

  async deleteWindow(id: string): Promise<MaintenanceWindow | undefined> {
    const window = (await this.listWindows()).find((candidate) => candidate.id === id);
    if (window) await this.db.query('delete from maintenance_window where id = $1', [id]);
    return window;
  }

  /** Windows active at `at`, for deciding which scopes' notifications are held back. */
  async activeWindows(at: Date): Promise<MaintenanceWindow[]> {
    return (await this.listWindows({ endingAfter: at })).filter((window) => Date.parse(window.from) <= at.getTime());
  }
}

/** Whether any of `windows` covers an alert at `scope`. */
export function inMaintenance(windows: readonly MaintenanceWindow[], scope: string, org: OrgIndex): boolean {
  return windows.some((window) => {
    const parsed = window.scope.split(':');
    const trusts = parsed[0] === 'collaborative' ? (org.collaborativesById.get(parsed[1] ?? '')?.trustOds ?? []) : [];
    return windowCovers(window.scope, scope, trusts);
  });
}

function screenNamesSetting(scope: string): string {
  return `on-call-screen-names:${scope}`;
}
