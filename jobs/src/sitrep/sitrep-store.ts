/**
 * Sitrep returns, their audited edits and the schedule's cursor (sitrep_return, sitrep_edit,
 * sitrep_schedule). A return is inserted once per trust, kind and due time (its id), edited while
 * unsigned and frozen once signed: the database itself refuses to change a signed return, so no
 * code path here can.
 */
import {
  SITREP_LATE_AFTER_MS,
  sitrepStatus,
  sitrepViolations,
  type AssembledSitrep,
  type ErrorDetail,
  type OrgIndex,
  type SitrepDetail,
  type SitrepEdit,
  type SitrepField,
  type SitrepFigures,
  type SitrepKind,
  type SitrepStatus,
  type SitrepSummary,
} from '@wardpulse/shared';
import type { Database, Queryable } from '../storage/database.js';

export interface SitrepRow {
  id: string;
  trust_ods: string;
  kind: SitrepKind;
  slot_date: string;
  slot_time: string;
  due_at: Date;
  assembled_at: Date;
  assembled: SitrepFigures;
  figures: SitrepFigures;
  sources: Record<SitrepField, string>;
  wards: string[];
  wards_not_reporting: string[];
  edits: number;
  signed_name: string | null;
  signed_by: string | null;
  signed_at: Date | null;
}

interface SitrepEditRow {
  field: SitrepField;
  before_value: number | null;
  after_value: number | null;
  reason: string;
  actor: string;
  actor_name: string;
  at: Date;
}

export interface NewSitrep {
  id: string;
  trustOds: string;
  kind: SitrepKind;
  date: string;
  time: string;
  dueAt: Date;
  assembledAt: Date;
  assembled: AssembledSitrep;
}

export interface SitrepFilter {
  trusts?: readonly string[];
  kind?: SitrepKind;
  status?: SitrepStatus;
  /** London dates, inclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

export type SitrepChangeResult =
  | { ok: true; row: SitrepRow }
  | { ok: false; reason: 'not-found' | 'signed' }
  | { ok: false; reason: 'invalid'; violations: ErrorDetail[] };

/** Unsigned returns that fell due this long ago or less still count as late for alerts; older ones are history. */
export const LATE_SITREP_WINDOW_MS = 24 * 3_600_000;

// Dates as text: node-postgres would turn a `date` into a local-midnight Date.
const COLUMNS = `id, trust_ods, kind, slot_date::text as slot_date, slot_time, due_at, assembled_at, assembled, figures,
  sources, wards, wards_not_reporting, edits, signed_name, signed_by, signed_at`;

const iso = (date: Date) => new Date(date).toISOString();

export function sitrepSummaryOf(row: SitrepRow, org: OrgIndex, now: number): SitrepSummary {
  const signedAt = row.signed_at === null ? null : new Date(row.signed_at).getTime();
  return {
    id: row.id,
    trustOds: row.trust_ods,
    trustName: org.trustsByOds.get(row.trust_ods)?.name ?? row.trust_ods,
    kind: row.kind,
    date: row.slot_date,
    time: row.slot_time,
    dueAt: iso(row.due_at),
    assembledAt: iso(row.assembled_at),
    status: sitrepStatus(new Date(row.due_at).getTime(), signedAt, now),
    figures: row.figures,
    violations: sitrepViolations(row.figures),
    edits: row.edits,
    signature:
      row.signed_at && row.signed_name && row.signed_by
        ? { name: row.signed_name, actor: row.signed_by, at: iso(row.signed_at) }
        : null,
  };
}

export class SitrepStore {
  constructor(private readonly db: Database) {}

  /** Stores a newly assembled return; false when this trust's return for the slot already exists. */
  async insert(record: NewSitrep): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      `insert into sitrep_return (id, trust_ods, kind, slot_date, slot_time, due_at, assembled_at, assembled, figures, sources,
         wards, wards_not_reporting)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)
       on conflict do nothing returning id`,
      [
        record.id,
        record.trustOds,
        record.kind,
        record.date,
        record.time,
        record.dueAt,
        record.assembledAt,
        JSON.stringify(record.assembled.figures),
        JSON.stringify(record.assembled.sources),
        JSON.stringify(record.assembled.wards),
        JSON.stringify(record.assembled.wardsNotReporting),
      ],
    );
    return result.rows.length > 0;
  }

  async get(id: string, db: Queryable = this.db): Promise<SitrepRow | undefined> {
    return (await db.query<SitrepRow>(`select ${COLUMNS} from sitrep_return where id = $1`, [id])).rows[0];
  }

  async detail(id: string, org: OrgIndex, now: number): Promise<SitrepDetail | undefined> {
    const row = await this.get(id);
    if (!row) return undefined;
    return {
      ...sitrepSummaryOf(row, org, now),
      assembled: row.assembled,
      sources: row.sources,
      wards: row.wards,
      wardsNotReporting: row.wards_not_reporting,
      editHistory: await this.editHistory(id),
    };
  }

  async editHistory(id: string): Promise<SitrepEdit[]> {
    const rows = await this.db.query<SitrepEditRow>(
      'select field, before_value, after_value, reason, actor, actor_name, at from sitrep_edit where return_id = $1 order by id',
      [id],
    );
    return rows.rows.map((row) => ({
      at: iso(row.at),
      actor: row.actor,
      actorName: row.actor_name,
      field: row.field,
      before: row.before_value,
      after: row.after_value,
      reason: row.reason,
    }));
  }

  /** Newest first. */
  async list(filter: SitrepFilter, now: number): Promise<SitrepRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filter.trusts) add('trust_ods = any(?)', [...filter.trusts]);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.from) add('slot_date >= ?::date', filter.from);
    if (filter.to) add('slot_date <= ?::date', filter.to);
    const lateBefore = new Date(now - SITREP_LATE_AFTER_MS);
    if (filter.status === 'signed') where.push('signed_at is not null');
    if (filter.status === 'late') add('signed_at is null and due_at <= ?', lateBefore);
    if (filter.status === 'unsigned') add('signed_at is null and due_at > ?', lateBefore);
    params.push(filter.limit ?? 500);
    const rows = await this.db.query<SitrepRow>(
      `select ${COLUMNS} from sitrep_return ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
       order by due_at desc, trust_ods, kind limit $${params.length}`,
      params,
    );
    return rows.rows;
  }

  /** Each trust's newest return of each kind. */
  async latest(trusts: readonly string[]): Promise<SitrepRow[]> {
    const rows = await this.db.query<SitrepRow>(
      `select distinct on (trust_ods, kind) ${COLUMNS} from sitrep_return where trust_ods = any($1)
       order by trust_ods, kind, due_at desc`,
      [[...trusts]],
    );
    return rows.rows;
  }

  async getMany(ids: readonly string[]): Promise<SitrepRow[]> {
    return (await this.db.query<SitrepRow>(`select ${COLUMNS} from sitrep_return where id = any($1)`, [[...ids]])).rows;
  }

  /**
   * Applies hand edits to an unsigned return, each recorded with who and why, in one transaction
   * that holds the return's row: an edit and a sign-off of one return never interleave.
   */
  async edit(
    id: string,
    changes: readonly { field: SitrepField; after: number }[],
    edit: { reason: string; actor: string; actorName: string; at: Date },
  ): Promise<SitrepChangeResult> {
    return this.db.transaction(async (tx) => {
      const row = (await tx.query<SitrepRow>(`select ${COLUMNS} from sitrep_return where id = $1 for update`, [id])).rows[0];
      if (!row) return { ok: false, reason: 'not-found' };
      if (row.signed_at !== null) return { ok: false, reason: 'signed' };
      const figures = { ...row.figures };
      for (const change of changes) {
        await tx.query(
          `insert into sitrep_edit (return_id, field, before_value, after_value, reason, actor, actor_name, at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, change.field, figures[change.field], change.after, edit.reason, edit.actor, edit.actorName, edit.at],
        );
        figures[change.field] = change.after;
      }
      const updated = await tx.query<SitrepRow>(
        `update sitrep_return set figures = $2, edits = edits + $3 where id = $1 returning ${COLUMNS}`,
        [id, JSON.stringify(figures), changes.length],
      );
      return { ok: true, row: updated.rows[0]! };
    });
  }

  /** Signs a return off by name, if the form would accept its figures; from then on it is frozen. */
  async sign(id: string, signature: { name: string; actor: string; at: Date }): Promise<SitrepChangeResult> {
    return this.db.transaction(async (tx) => {
      const row = (await tx.query<SitrepRow>(`select ${COLUMNS} from sitrep_return where id = $1 for update`, [id])).rows[0];
      if (!row) return { ok: false, reason: 'not-found' };
      if (row.signed_at !== null) return { ok: false, reason: 'signed' };
      const violations = sitrepViolations(row.figures);
      if (violations.length > 0) return { ok: false, reason: 'invalid', violations };
      const signed = await tx.query<SitrepRow>(
        `update sitrep_return set signed_name = $2, signed_by = $3, signed_at = $4 where id = $1 returning ${COLUMNS}`,
        [id, signature.name, signature.actor, signature.at],
      );
      return { ok: true, row: signed.rows[0]! };
    });
  }

  /** Returns of these trusts unsigned 30 minutes after they fell due, within the last day. */
  async lateCount(trusts: readonly string[], now: number, db: Queryable = this.db): Promise<number> {
    const result = await db.query<{ late: number }>(
      `select count(*)::int as late from sitrep_return
       where trust_ods = any($1) and signed_at is null and due_at <= $2 and due_at > $3`,
      [[...trusts], new Date(now - SITREP_LATE_AFTER_MS), new Date(now - LATE_SITREP_WINDOW_MS)],
    );
    return result.rows[0]?.late ?? 0;
  }

  async cursor(name: string): Promise<Date | undefined> {
    const result = await this.db.query<{ cursor_at: Date }>('select cursor_at from sitrep_schedule where name = $1', [name]);
    const cursor = result.rows[0]?.cursor_at;
    return cursor === undefined ? undefined : new Date(cursor);
  }

  /** Moves the cursor forward (never back: a slow worker cannot undo a faster one's progress). */
  async advanceCursor(name: string, to: Date): Promise<void> {
    await this.db.query(
      `insert into sitrep_schedule (name, cursor_at) values ($1, $2)
       on conflict (name) do update set cursor_at = greatest(sitrep_schedule.cursor_at, excluded.cursor_at)`,
      [name, to],
    );
  }
}
