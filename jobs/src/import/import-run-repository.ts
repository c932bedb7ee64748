/** The record of each import (`import_run`): which file, when, and what became of its rows. */
import type { Database } from '../storage/database.js';
import type { ImportKind, RejectedRow } from './import-report.js';

export interface ImportRunCounts {
  rowsRead: number;
  /** New and changed rows (the report tells them apart). */
  rowsImported: number;
  rowsUnchanged: number;
  rowsRejected: number;
  rejected: readonly RejectedRow[];
}

export class ImportRunRepository {
  constructor(private readonly db: Database) {}

  async start(fileName: string, fileSha256: string, kind: ImportKind): Promise<number> {
    const result = await this.db.query<{ id: string }>(
      'insert into import_run (file_name, file_sha256, kind) values ($1, $2, $3) returning id',
      [fileName, fileSha256, kind],
    );
    return Number(result.rows[0]!.id);
  }

  async finish(id: number, counts: ImportRunCounts): Promise<void> {
    await this.db.query(
      `update import_run set finished_at = now(), rows_read = $2, rows_imported = $3, rows_unchanged = $4,
         rows_rejected = $5, rejected = $6::jsonb
       where id = $1`,
      [id, counts.rowsRead, counts.rowsImported, counts.rowsUnchanged, counts.rowsRejected, JSON.stringify(counts.rejected)],
    );
  }
}
