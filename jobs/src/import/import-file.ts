/**
 * Importing one file, whatever the door (the CLI with a path, the admin route with the request
 * body): read its CSV records, check each row, store the good ones in batches, report every
 * rejected row with its line and reason, and record the run in `import_run`. A bad row never
 * stops the import; re-importing a file changes nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { OrgIndex } from '@wardpulse/shared';
import type { Database } from '../storage/database.js';
import { OrgRepository } from '../storage/org-repository.js';
import { csvRecords, type CsvRecord } from './csv-records.js';
import { ImportRunRepository } from './import-run-repository.js';
import {
  MAX_REJECTED_LISTED,
  type ImportKind,
  type ImportProgress,
  type ImportReport,
  type OwnMeasureKind,
  type RejectedRow,
} from './import-report.js';
import { mhsdsHeader, mhsdsRows, publishedMeasureKey, type PublishedMeasureRow } from './mhsds.js';
import { detectOwnMeasureKind, ownMeasureHeader, ownMeasureRow } from './own-measures-csv.js';
import { OwnMeasureImporter, type OwnMeasureRowAt } from './own-measures-import.js';
import { PublishedMeasureRepository } from './published-measures-repository.js';

/** A file to import: its name (kept with the rows), content, size and SHA-256. */
export interface ImportSource {
  fileName: string;
  totalBytes: number;
  sha256: string;
  chunks: () => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}

const TEXT_CHUNK = 64 * 1024;

/** A file already in memory (an upload). Sizes and progress count characters. */
export function textSource(fileName: string, text: string): ImportSource {
  return {
    fileName,
    totalBytes: text.length,
    sha256: createHash('sha256').update(text).digest('hex'),
    *chunks() {
      for (let at = 0; at < text.length; at += TEXT_CHUNK) yield text.slice(at, at + TEXT_CHUNK);
    },
  };
}

/** A file on disk, streamed (hashed first, so the run is recorded with its hash from the start). */
export async function fileSource(path: string): Promise<ImportSource> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return {
    fileName: basename(path),
    totalBytes: size,
    sha256: hash.digest('hex'),
    chunks: () => createReadStream(path, { highWaterMark: TEXT_CHUNK }) as AsyncIterable<Uint8Array>,
  };
}

export interface ImportOptions {
  /** The file's kind, or `auto` to tell it from the header. */
  kind: ImportKind | 'auto';
  source: ImportSource;
  /** Called after each batch and at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** The organisation to check own measures against (loaded from the database when absent). */
  org?: OrgIndex;
  now?: () => number;
}

/** Rows stored per statement. */
const BATCH_ROWS = 1000;

function detectKind(header: readonly string[]): ImportKind | null {
  return mhsdsHeader(header).ok ? 'mhsds' : detectOwnMeasureKind(header);
}

export async function importFile(db: Database, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const { source } = options;
  const runs = new ImportRunRepository(db);
  let bytesRead = 0;
  async function* counted() {
    for await (const chunk of source.chunks()) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  const records = csvRecords(counted());
  const report: Omit<ImportReport, 'runId' | 'durationMs'> = {
    fileName: source.fileName,
    kind: options.kind === 'auto' ? 'mhsds' : options.kind,
    sha256: source.sha256,
    rowsRead: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejectedRows: [],
    problem: null,
  };
  const reject = (rows: readonly RejectedRow[]) => {
    report.rejected += rows.length;
    for (const row of rows) if (report.rejectedRows.length < MAX_REJECTED_LISTED) report.rejectedRows.push(row);
  };
  const progress = () =>
    options.onProgress?.({
      fileName: source.fileName,
      bytesRead,
      totalBytes: source.totalBytes,
      rowsRead: report.rowsRead,
      rejected: report.rejected,
    });

  // The header: the first record that is CSV at all.
  // (Read by hand: leaving a for-await loop early would close the generator for the rows after it.)
  let header: string[] | null = null;
  for (let next = await records.next(); !next.done; next = await records.next()) {
    if ('fields' in next.value) {
      header = next.value.fields;
      break;
    }
    reject([{ line: next.value.line, reason: next.value.problem }]);
  }
  const rows: Records = { [Symbol.asyncIterator]: () => records };
  const kind = options.kind === 'auto' ? (header ? detectKind(header) : null) : options.kind;
  if (kind) report.kind = kind;
  const runId = await runs.start(source.fileName, source.sha256, report.kind);

  if (!header) report.problem = 'the file is empty';
  else if (!kind) report.problem = 'cannot tell the kind of file from its header: give the kind (docs/import.md)';
  else if (kind === 'mhsds') await importMhsds(db, header, rows, report, reject, progress);
  else await importOwnMeasures(db, kind, header, rows, report, reject, progress, options);

  if (report.problem) report.rejected = report.rejectedRows.length;
  // Rows refused against the organisation are known only when their batch is stored: file order again.
  report.rejectedRows.sort((a, b) => a.line - b.line);
  progress();
  await runs.finish(runId, {
    rowsRead: report.rowsRead,
    rowsImported: report.imported + report.updated,
    rowsUnchanged: report.unchanged,
    rowsRejected: report.rejected,
    rejected: report.problem ? [{ line: 1, reason: report.problem }, ...report.rejectedRows] : report.rejectedRows,
  });
  return { runId, ...report, durationMs: Date.now() - started };
}

type Records = AsyncIterable<CsvRecord>;
type Report = Omit<ImportReport, 'runId' | 'durationMs'>;

async function importMhsds(
  db: Database,
  header: string[],
  records: Records,
  report: Report,
  reject: (rows: readonly RejectedRow[]) => void,
  progress: () => void,
): Promise<void> {
  const columns = mhsdsHeader(header);
  if (!columns.ok) {
    report.problem = `not an MHSDS measures file: missing column${columns.missing.length > 1 ? 's' : ''} ${columns.missing.join(', ')}`;
    return;
  }
  const repository = new PublishedMeasureRepository(db);
  const layout = { columns: columns.columns, width: header.length };
  let batch: PublishedMeasureRow[] = [];
  const keys = new Set<string>();
  const flush = async () => {
    const counts = await repository.upsert(batch, report.fileName);
    report.imported += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    batch = [];
    keys.clear();
    progress();
  };
  for await (const record of mhsdsRows(layout, records)) {
    report.rowsRead++;
    if ('reason' in record) {
      reject([{ line: record.line, reason: record.reason }]);
      continue;
    }
    const key = publishedMeasureKey(record.row);
    // One statement cannot write one key twice: a repeated key goes in the next batch (the later row wins).
    if (keys.has(key) || batch.length >= BATCH_ROWS) await flush();
    keys.add(key);
    batch.push(record.row);
  }
  if (batch.length > 0) await flush();
}

async function importOwnMeasures(
  db: Database,
  kind: OwnMeasureKind,
  header: string[],
  records: Records,
  report: Report,
  reject: (rows: readonly RejectedRow[]) => void,
  progress: () => void,
  options: ImportOptions,
): Promise<void> {
  const layout = ownMeasureHeader(kind, header);
  if (!layout.ok) {
    report.problem = layout.problem;
    return;
  }
  const org = options.org ?? new OrgIndex(await new OrgRepository(db).loadDirectory());
  const importer = new OwnMeasureImporter(db, kind, org, `import:${report.fileName}`, options.now);
  let batch: OwnMeasureRowAt[] = [];
  const flush = async () => {
    const result = await importer.importBatch(batch);
    report.imported += result.imported;
    report.unchanged += result.unchanged;
    reject(result.rejected);
    batch = [];
    progress();
  };
  for await (const record of records) {
    report.rowsRead++;
    if ('problem' in record) {
      reject([{ line: record.line, reason: record.problem }]);
      continue;
    }
    const parsed = ownMeasureRow(kind, layout.names, record.fields);
    if (!parsed.ok) {
      reject([{ line: record.line, reason: parsed.reason }]);
      continue;
    }
    batch.push({ line: record.line, payload: parsed.payload });
    if (batch.length >= 500) await flush();
  }
  if (batch.length > 0) await flush();
}
