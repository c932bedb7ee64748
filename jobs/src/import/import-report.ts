/** What an import did with a file: the report the CLI prints and the admin route returns. */

/** `mhsds` for published MHSDS measures; the others are the project's own measures (docs/import.md). */
export const IMPORT_KINDS = [
  'mhsds',
  'bed-states',
  'placements',
  'waiting-lists',
  'video-consultations',
  'discharge-delays',
  'referrals',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type OwnMeasureKind = Exclude<ImportKind, 'mhsds'>;

export function isImportKind(text: string): text is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(text);
}

export interface RejectedRow {
  /** Line of the file the row starts on (the header is line 1). */
  line: number;
  reason: string;
}

/** At most this many rejected rows are listed (all are counted). */
export const MAX_REJECTED_LISTED = 1000;

export interface ImportReport {
  /** The `import_run` id. */
  runId: number;
  fileName: string;
  kind: ImportKind;
  sha256: string;
  /** Data rows read (header and blank lines aside): imported + updated + unchanged + rejected. */
  rowsRead: number;
  /** Rows new to WardPulse. */
  imported: number;
  /** Published rows whose value (or status or label) changed since an earlier import. */
  updated: number;
  /** Rows already held exactly so: re-importing a file changes nothing. */
  unchanged: number;
  rejected: number;
  /** The first MAX_REJECTED_LISTED rejected rows, in file order. */
  rejectedRows: RejectedRow[];
  /** Why nothing of the file could be read (not CSV of this kind, empty); null otherwise. */
  problem: string | null;
  durationMs: number;
}

export interface ImportProgress {
  fileName: string;
  /** Bytes (characters, for text sources) read so far, of `totalBytes`. */
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  rejected: number;
}

/** What the audit log keeps of an import: its counts, not its rows. */
export function importAuditDetail(report: ImportReport): Record<string, unknown> {
  return {
    fileName: report.fileName,
    kind: report.kind,
    sha256: report.sha256,
    rowsRead: report.rowsRead,
    imported: report.imported,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
    ...(report.problem ? { problem: report.problem } : {}),
  };
}
