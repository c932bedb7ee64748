/** Importing published (MHSDS) and historical (own-measure CSV) data; see docs/import.md. */
export * from './csv-records.js';
export * from './import-file.js';
export * from './import-report.js';
export * from './import-run-repository.js';
export * from './mhsds.js';
export * from './own-measures-csv.js';
export * from './own-measures-import.js';
export * from './published-measures-repository.js';
export * from './org-csv.js';
export * from './org-import.js';
