/**
 * Cells of CSV files WardPulse writes (trend exports, sitrep returns). Writing CSV is a few lines,
 * so no library: quoting follows RFC 4180, and text cells a spreadsheet would run as a formula
 * are defused.
 */

/** Quotes a text cell when it must be; prefixes a quote to text a spreadsheet would take for a formula. */
export function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A number as a plain cell; empty where there is no value. */
export function csvNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(value);
}
